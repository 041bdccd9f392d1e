"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Tooltip, XAxis, YAxis } from "recharts";

export type ChartSeries = { key: string; name: string; colour: string };
/** One bar (or stack) per category; `values` and `hrefs` by series key. */
export type ChartCategory = { label: string; values: Record<string, number>; hrefs: Record<string, string> };

/**
 * A small bar chart (stacked when there are several series) whose bars lead to the filtered list.
 * The chart is a picture with a spoken summary (`description`); the table beside it is the way in
 * for keyboards and screen readers. No animation, so screenshots are stable.
 */
export function SmallBarChart({
  categories,
  series,
  description,
  testId,
  height = 220,
  colours,
}: {
  categories: ChartCategory[];
  series: ChartSeries[];
  description: string;
  testId: string;
  height?: number;
  /** One colour per category (a single series whose bars mean different things, e.g. age). */
  colours?: string[];
}) {
  const router = useRouter();
  const data = categories.map((c) => ({ label: c.label, ...c.values }));
  return (
    <div role="img" aria-label={description} data-testid={testId} className="w-full text-slate-700 dark:text-slate-300">
      <BarChart responsive accessibilityLayer={false} data={data} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" strokeOpacity={0.4} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" strokeOpacity={0.4} />
        <Tooltip cursor={{ fill: "currentColor", fillOpacity: 0.08 }} contentStyle={{ backgroundColor: "#0f172a", color: "#f8fafc", border: 0, borderRadius: 6, fontSize: 12 }} itemStyle={{ color: "#f8fafc" }} labelStyle={{ color: "#f8fafc" }} />
        {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={(value) => <span className="text-slate-700 dark:text-slate-300">{value}</span>} />}
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId={series.length > 1 ? "stack" : undefined}
            fill={s.colour}
            isAnimationActive={false}
            cursor="pointer"
            onClick={(_, index) => {
              const href = categories[index]?.hrefs[s.key];
              if (href) router.push(href);
            }}
          >
            {colours && categories.map((c, i) => <Cell key={c.label} fill={colours[i % colours.length]} />)}
          </Bar>
        ))}
      </BarChart>
    </div>
  );
}
