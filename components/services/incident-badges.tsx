import type { IncidentImpact, IncidentStatus } from "@/lib/generated/prisma/enums";
import { INCIDENT_IMPACT_LABEL, INCIDENT_STATUS_LABEL } from "@/lib/services/maintenance";
import { BADGE } from "@/components/ui/badges";

/** Red while investigating, orange identified, blue monitoring, green resolved: with the word, never colour alone. */
const STATUS_TONE: Record<IncidentStatus, string> = {
  INVESTIGATING: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  IDENTIFIED: "bg-orange-50 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800",
  MONITORING: "bg-blue-50 text-blue-800 ring-blue-300 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-800",
  RESOLVED: "bg-green-50 text-green-800 ring-green-300 dark:bg-green-950 dark:text-green-200 dark:ring-green-800",
};
const STATUS_ICON: Record<IncidentStatus, string> = { INVESTIGATING: "?", IDENTIFIED: "!", MONITORING: "◔", RESOLVED: "✓" };

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <span className={`${BADGE} ${STATUS_TONE[status]}`}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span>
      {INCIDENT_STATUS_LABEL[status]}
    </span>
  );
}

const IMPACT_TONE: Record<IncidentImpact, string> = {
  NONE: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
  MINOR: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
  MAJOR: "bg-orange-50 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800",
  CRITICAL: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
};

export function ImpactBadge({ impact }: { impact: IncidentImpact }) {
  return <span className={`${BADGE} ${IMPACT_TONE[impact]}`}>{INCIDENT_IMPACT_LABEL[impact]} impact</span>;
}
