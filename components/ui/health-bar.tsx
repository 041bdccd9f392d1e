import type { ServiceStatus } from "@/lib/generated/prisma/enums";
import { SERVICE_BAR, SERVICE_LABEL } from "./badges";

const ORDER: ServiceStatus[] = ["GOOD", "DEGRADED", "BAD", "UNKNOWN"];

/** One stacked bar of service health; the legend carries the numbers so colour is never the only cue. */
export function HealthBar({ counts }: { counts: Record<ServiceStatus, number> }) {
  const total = ORDER.reduce((n, s) => n + counts[s], 0) || 1;
  return (
    <div>
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" role="img" aria-label={ORDER.map((s) => `${counts[s]} ${SERVICE_LABEL[s].toLowerCase()}`).join(", ")}>
        {ORDER.map((s) => (counts[s] ? <div key={s} className={SERVICE_BAR[s]} style={{ width: `${(100 * counts[s]) / total}%` }} /> : null))}
      </div>
      <ul className="mt-2 flex flex-wrap gap-3 text-sm">
        {ORDER.map((s) => (
          <li key={s} className="flex items-center gap-1">
            <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ${SERVICE_BAR[s]}`} />
            <span data-testid={`health-${s.toLowerCase()}`}>{counts[s]}</span> {SERVICE_LABEL[s].toLowerCase()}
          </li>
        ))}
      </ul>
    </div>
  );
}
