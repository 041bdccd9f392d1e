import Link from "next/link";
import type { JobServiceState, ServiceMoment } from "@/lib/services/post-mortem";
import { SERVICE_LABEL } from "@/components/ui/badges";

const TONE: Record<ServiceMoment["status"], string> = {
  GOOD: "text-green-800 dark:text-green-300",
  DEGRADED: "text-amber-900 dark:text-amber-200",
  BAD: "text-red-800 dark:text-red-300 font-semibold",
  UNKNOWN: "muted",
};
const ICON: Record<ServiceMoment["status"], string> = { GOOD: "●", DEGRADED: "◐", BAD: "✕", UNKNOWN: "?" };

function Moment({ m, when }: { m: ServiceMoment | null; when: string }) {
  if (!m) return <span className="muted">—</span>;
  const down = m.downtime ? ` (${m.downtime.kind === "SCHEDULED" ? "maintenance" : "outage"}${m.downtime.title ? `: ${m.downtime.title}` : ""})` : "";
  const tone = m.downtime ? TONE.BAD : TONE[m.status];
  return (
    <span className={tone} title={`${when}: ${SERVICE_LABEL[m.status]}${m.detail ? ` — ${m.detail}` : ""}${down}`}>
      <span aria-hidden="true">{ICON[m.downtime ? "BAD" : m.status]} </span>
      {SERVICE_LABEL[m.status]}
      {down}
    </span>
  );
}

/** A failed job's row: each needed service at the job's start → end, linked to the service page. */
export function JobServices({ services }: { services: JobServiceState[] | null }) {
  if (!services) return <span className="muted">—</span>;
  if (!services.length) return <span className="muted">no needed services</span>;
  return (
    <ul className="space-y-0.5" data-testid="job-services">
      {services.map((s) => (
        <li key={s.serviceId} className="whitespace-nowrap">
          <Link href={`/services/${s.serviceId}`} className="underline">{s.name}</Link>: <Moment m={s.atStart} when="At the start" /> <span aria-hidden="true">→</span><span className="sr-only">then, at the end,</span> <Moment m={s.atEnd} when="At the end" />
        </li>
      ))}
    </ul>
  );
}
