/**
 * The launch gate: may a launch of this stage go to the batch system now, or must it wait as a held
 * launch? Pure. Three switches and the services: the global hold (one for the whole installation), the stage's
 * hold, and the services the launch needs (the stage's own, chosen on the stage, and every service marked
 * "every launch needs it"), unless service gating is switched off for the installation.
 *
 * Services: a needed service that is BAD, or inside a SCHEDULED downtime (not cancelled, startsAt ≤ now < endsAt) of
 * its own or of a group above it, holds the launch. A stage that needs a leaf is judged by the leaf; a stage that
 * needs a group by the group (whose status is already the roll-up of its children). UNKNOWN, DEGRADED and a probe
 * that is failing (stale) warn but never hold; a stale service keeps its last known status, so a stale BAD still holds.
 */
export type Hold = { held: boolean; reason: string; since: string | null; by: string | null };

export type ServiceState = "GOOD" | "DEGRADED" | "BAD" | "UNKNOWN";

/** A scheduled maintenance window of a service or of a group above it. */
export type GateDowntime = { title: string; startsAt: Date; endsAt: Date; cancelledAt: Date | null; onServiceName: string };

/** A service a launch needs, as the gate reads it (lib/services/gate-services.ts). */
export type GateService = {
  id: number;
  name: string;
  status: ServiceState;
  statusDetail: string;
  statusChangedAt: Date;
  /** The probe has been failing since (the status is the last known one). */
  staleSince: Date | null;
  /** Scheduled downtimes of the service and of its ancestor groups (the gate checks the window). */
  downtimes: GateDowntime[];
};

export type GateServices = {
  /** The installation-wide switch: off, services never hold (they still warn when bad). */
  enabled: boolean;
  needed: GateService[];
};

export type GateInput = {
  global: Hold;
  stage: { hold: boolean; holdReason: string; heldAt: Date | null };
  /** Absent: services are not considered (a caller that has not read them). */
  services?: GateServices;
  now?: Date;
};

export type GateDecision = { open: true; warnings: string[] } | { open: false; reason: string; serviceIds: number[]; warnings: string[] };

export const NO_HOLD: Hold = { held: false, reason: "", since: null, by: null };

const time = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The scheduled downtime in force now, if any (the earliest ending first). */
export function downtimeInForce(downtimes: GateDowntime[], now: Date): GateDowntime | null {
  const t = now.getTime();
  const on = downtimes.filter((d) => d.cancelledAt === null && d.startsAt.getTime() <= t && t < d.endsAt.getTime());
  on.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime());
  return on[0] ?? null;
}

/** Why a needed service holds a launch now, in people's words; null when it does not. */
export function serviceHoldReason(s: GateService, now: Date): string | null {
  const dt = downtimeInForce(s.downtimes, now);
  if (dt) {
    const where = dt.onServiceName === s.name ? "" : ` (maintenance of ${dt.onServiceName})`;
    return `${s.name} is in scheduled maintenance${where} until ${time(dt.endsAt)}${dt.title ? `: ${dt.title}` : ""}`;
  }
  if (s.status === "BAD") return `${s.name} is down since ${time(s.statusChangedAt)}${s.statusDetail ? `: ${s.statusDetail}` : ""}`;
  return null;
}

/** What a needed service warns about without holding. */
export function serviceWarning(s: GateService, gating: boolean, now: Date): string | null {
  if (!gating) {
    const why = serviceHoldReason(s, now);
    if (why) return `${why} (service gating is off, so the launch is not held).`;
  }
  if (s.staleSince) return `${s.name}'s monitor has not answered since ${time(s.staleSince)}; its last known state is ${STATE_WORDS[s.status]}.`;
  if (s.status === "UNKNOWN") return `${s.name}'s state is not known yet.`;
  if (s.status === "DEGRADED") return `${s.name} is degraded${s.statusDetail ? `: ${s.statusDetail}` : ""}.`;
  return null;
}

export const STATE_WORDS: Record<ServiceState, string> = { GOOD: "good", DEGRADED: "degraded", BAD: "down", UNKNOWN: "unknown" };

export function judgeGate({ global, stage, services, now = new Date() }: GateInput): GateDecision {
  const needed = services ? dedupe(services.needed) : [];
  const gating = services?.enabled ?? false;
  const warnings = needed.flatMap((s) => serviceWarning(s, gating, now) ?? []);
  if (global.held) return { open: false, reason: `All launches are on hold${global.reason ? `: ${global.reason}` : "."}`, serviceIds: [], warnings };
  if (stage.hold) return { open: false, reason: `This stage is on hold${stage.holdReason ? `: ${stage.holdReason}` : "."}`, serviceIds: [], warnings };
  if (gating) {
    const holding = needed.flatMap((s) => {
      const why = serviceHoldReason(s, now);
      return why ? [{ id: s.id, why }] : [];
    });
    if (holding.length) return { open: false, reason: `Needed service${holding.length > 1 ? "s" : ""} unavailable: ${holding.map((h) => h.why).join("; ")}`, serviceIds: holding.map((h) => h.id), warnings };
  }
  return { open: true, warnings };
}

/** A service needed twice (by the stage and by everyone) is judged once, in a stable order (by name). */
function dedupe(list: GateService[]): GateService[] {
  const seen = new Map<number, GateService>();
  for (const s of list) if (!seen.has(s.id)) seen.set(s.id, s);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
