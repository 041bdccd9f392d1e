"use client";

import { Line, LineChart, YAxis } from "recharts";
import { DONE } from "./palette";

/**
 * Files done per day over the last 14 days, as a small line. A picture with its numbers spoken (aria-label); the
 * same numbers are in the CSV and JSON exports.
 */
export function Sparkline({ values, days, label }: { values: number[]; days: number[]; label: string }) {
  const data = values.map((v, i) => ({ t: days[i], v }));
  const spoken = `${label}: files done per day over the last ${values.length} days, oldest first: ${values.join(", ")}`;
  return (
    <div role="img" aria-label={spoken} className="h-8 w-28" data-testid="sparkline" data-values={values.join(",")}>
      <LineChart width={112} height={32} data={data} accessibilityLayer={false} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={[0, "dataMax"]} />
        <Line dataKey="v" stroke={DONE} strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
}
