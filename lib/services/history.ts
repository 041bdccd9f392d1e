/**
 * A service's status over a window as segments (the history strip on its page), pure: from the events inside the
 * window and the status it had when the window opened (the `fromStatus` of its first event there, or its current
 * status when nothing changed in the window).
 */
import type { ServiceStatus } from "@/lib/generated/prisma/enums";

export type Segment = { status: ServiceStatus; from: Date; to: Date; share: number };

export function statusSegments(events: { status: ServiceStatus; fromStatus: ServiceStatus | null; createdAt: Date }[], window: { from: Date; to: Date }, current: ServiceStatus): Segment[] {
  const inWindow = events.filter((e) => e.createdAt >= window.from && e.createdAt < window.to).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const span = window.to.getTime() - window.from.getTime();
  if (span <= 0) return [];
  const out: Segment[] = [];
  let status: ServiceStatus = inWindow.length ? (inWindow[0].fromStatus ?? "UNKNOWN") : current;
  let at = window.from;
  for (const e of inWindow) {
    if (e.createdAt > at) out.push({ status, from: at, to: e.createdAt, share: 0 });
    status = e.status;
    at = e.createdAt;
  }
  out.push({ status, from: at, to: window.to, share: 0 });
  // Neighbours of one status (an event that repeated the status) become one segment.
  const merged: Segment[] = [];
  for (const s of out) {
    const last = merged[merged.length - 1];
    if (last && last.status === s.status) last.to = s.to;
    else merged.push({ ...s });
  }
  for (const s of merged) s.share = (s.to.getTime() - s.from.getTime()) / span;
  return merged;
}
