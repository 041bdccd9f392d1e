import type { ReactNode } from "react";
import type { CampaignCharts } from "@/lib/charts/queries";
import { fmtBucket } from "./format";

export type BucketColumn = { name: string; cell: (bucket: number) => ReactNode; testId?: string };

/**
 * A chart's table alternative when the chart is a series over time: one row per hour or day of the window, one column
 * per series. `footer` is a `<tfoot>` (the burn-up's forecast dates).
 */
export function BucketTable({ data: d, testId, caption, columns, rowTestId, footer }: { data: CampaignCharts; testId: string; caption: string; columns: BucketColumn[]; rowTestId?: string; footer?: ReactNode }) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="pr-3">{d.window.bucket === "hour" ? "Hour" : "Day"}</th>
          {columns.map((c, k) => <th key={k} scope="col" className="pr-3 text-right">{c.name}</th>)}
        </tr>
      </thead>
      <tbody>
        {d.buckets.map((t, i) => (
          <tr key={t} data-testid={rowTestId}>
            <th scope="row" className="pr-3 font-normal">{fmtBucket(t, d.window.bucket)}</th>
            {columns.map((c, k) => <td key={k} className="pr-3 text-right tabular-nums" data-testid={c.testId}>{c.cell(i)}</td>)}
          </tr>
        ))}
      </tbody>
      {footer}
    </table>
  );
}
