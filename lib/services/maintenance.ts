/**
 * The rules of scheduled downtimes and incidents, pure: a sane window for maintenance, and what people call the
 * states of an incident. Commands (lib/services/commands/) and pages import these; nothing here touches the database.
 */
import type { IncidentImpact, IncidentStatus } from "@/lib/generated/prisma/enums";
import { DomainError } from "@/lib/errors";

export const MIN_DOWNTIME_MS = 5 * 60_000;
export const MAX_DOWNTIME_DAYS = 14;
export const MAX_AHEAD_DAYS = 366;
const DAY = 86_400_000;

/**
 * Refuses a window people cannot mean: end not after start, shorter than 5 minutes, longer than 14 days (enter a longer
 * one as several, so the status page and held launches stay readable), already over, or more than a year ahead.
 */
export function checkDowntimeWindow(startsAt: Date, endsAt: Date, now: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw new DomainError("invalid_input", "The end must be after the start.", { field: "endsAt" });
  const length = endsAt.getTime() - startsAt.getTime();
  if (length < MIN_DOWNTIME_MS) throw new DomainError("invalid_input", "A scheduled downtime lasts at least 5 minutes.", { field: "endsAt" });
  if (length > MAX_DOWNTIME_DAYS * DAY) throw new DomainError("invalid_input", `A scheduled downtime lasts at most ${MAX_DOWNTIME_DAYS} days; enter a longer one as several.`, { field: "endsAt" });
  if (endsAt.getTime() <= now.getTime()) throw new DomainError("invalid_input", "That window is already over: scheduled downtimes are for maintenance to come or under way.", { field: "endsAt" });
  if (startsAt.getTime() > now.getTime() + MAX_AHEAD_DAYS * DAY) throw new DomainError("invalid_input", "A scheduled downtime starts at most a year ahead.", { field: "startsAt" });
}

/** A downtime that is over or withdrawn is history: it is not moved, edited or cancelled any more. */
export function checkDowntimeEditable(d: { endsAt: Date | null; cancelledAt: Date | null; kind: string }, now: Date): void {
  if (d.kind !== "SCHEDULED") throw new DomainError("invalid_transition", "Outages the monitors recorded are history and cannot be edited; only scheduled downtimes can.");
  if (d.cancelledAt) throw new DomainError("invalid_transition", "This scheduled downtime was cancelled; schedule a new one instead.");
  if (d.endsAt && d.endsAt.getTime() <= now.getTime()) throw new DomainError("invalid_transition", "This scheduled downtime is over; it is kept as history and cannot be changed.");
}

export const INCIDENT_STATUS_LABEL: Record<IncidentStatus, string> = { INVESTIGATING: "Investigating", IDENTIFIED: "Identified", MONITORING: "Monitoring", RESOLVED: "Resolved" };
export const INCIDENT_STATUS_ORDER: IncidentStatus[] = ["INVESTIGATING", "IDENTIFIED", "MONITORING", "RESOLVED"];
export const INCIDENT_IMPACT_LABEL: Record<IncidentImpact, string> = { NONE: "No impact", MINOR: "Minor", MAJOR: "Major", CRITICAL: "Critical" };
export const INCIDENT_IMPACT_ORDER: IncidentImpact[] = ["NONE", "MINOR", "MAJOR", "CRITICAL"];

/** Posting an update moves the incident to the update's status; resolving stamps resolvedAt, reopening clears it. */
export function incidentAfterUpdate(current: { status: IncidentStatus; resolvedAt: Date | null }, next: IncidentStatus, now: Date): { status: IncidentStatus; resolvedAt: Date | null } {
  if (next === "RESOLVED") return { status: next, resolvedAt: current.status === "RESOLVED" && current.resolvedAt ? current.resolvedAt : now };
  return { status: next, resolvedAt: null };
}
