import type { ReactNode } from "react";

/** A chart with its title and, one click away, the same figures as a table of links. */
export function ChartCard({ id, title, hint, chart, table }: { id: string; title: string; hint?: string; chart: ReactNode; table: ReactNode }) {
  return (
    <figure className="card min-w-0" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`} className="font-semibold">
          {title}
        </h3>
        {hint && <p className="muted text-xs">{hint}</p>}
      </figcaption>
      <div className="mt-2">{chart}</div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-blue-700 dark:text-blue-300">Show the figures as a table</summary>
        <div className="relative mt-2 overflow-x-auto" role="region" aria-label={`${title}: table`} tabIndex={0}>
          {table}
        </div>
      </details>
    </figure>
  );
}
