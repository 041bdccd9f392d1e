/**
 * Who hears about a service changing state, without a storm: people who watch a service (`Watch.serviceId`) get a
 * notification when it goes bad or stops being bad. When a group goes bad in the same run as its children, only the
 * topmost service that went bad speaks: ONE notification listing every descendant that went bad with it in this run
 * (at any depth), sent to its watchers and to the watchers of each of them (each person once); they send none of
 * their own. Recoveries are told the same way. Going from BAD to UNKNOWN is not a recovery and is not told. `planServiceNotifications` is pure; `notifyServiceChanges` writes in the
 * caller's transaction.
 */
import type { Verdict } from "./probes/judge";
import { statusWord } from "./tree";

export type StatusChange = { serviceId: number; from: Verdict; to: Verdict; detail: string };
export type NotifyNode = { id: number; parentId: number | null; displayName: string; status: Verdict };
export type PlannedNotification = { serviceId: number; personIds: number[]; message: string };

type Kind = "bad" | "recovered";
/** BAD → UNKNOWN is no recovery (the monitor went quiet, the service did not come back): nobody is told. */
const kindOf = (c: StatusChange): Kind | null => (c.to === "BAD" && c.from !== "BAD" ? "bad" : c.from === "BAD" && c.to !== "BAD" && c.to !== "UNKNOWN" ? "recovered" : null);

/** The notifications for one run's status changes, given the tree (with the new statuses) and who watches what. */
export function planServiceNotifications(changes: readonly StatusChange[], nodes: readonly NotifyNode[], watchers: ReadonlyMap<number, readonly number[]>): PlannedNotification[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kinds = new Map<number, { kind: Kind; change: StatusChange }>();
  for (const c of changes) {
    const kind = kindOf(c);
    if (kind) kinds.set(c.serviceId, { kind, change: c });
  }
  /** The topmost ancestor of `id` that changed the same way in this run (itself when none did). */
  const speaker = (id: number, kind: Kind): number => {
    let top = id;
    const seen = new Set<number>([id]);
    for (let p = byId.get(id)?.parentId ?? null; p !== null && !seen.has(p); p = byId.get(p)?.parentId ?? null) {
      seen.add(p);
      if (kinds.get(p)?.kind === kind) top = p;
    }
    return top;
  };
  const audience = new Map<number, Set<number>>(); // speaker → people
  for (const [id, { kind }] of kinds) {
    const top = speaker(id, kind);
    const set = audience.get(top) ?? new Set<number>();
    for (const p of watchers.get(id) ?? []) set.add(p);
    audience.set(top, set);
  }
  // Everyone a speaker speaks for: the services of this run that went the same way under it (any depth).
  const spokenFor = new Map<number, string[]>();
  for (const [id, { kind }] of [...kinds].sort(([a], [b]) => a - b)) {
    const top = speaker(id, kind);
    if (top !== id) spokenFor.set(top, [...(spokenFor.get(top) ?? []), byId.get(id)?.displayName ?? `Service ${id}`]);
  }
  const out: PlannedNotification[] = [];
  for (const [top, people] of audience) {
    if (!people.size) continue;
    const node = byId.get(top);
    const { kind, change } = kinds.get(top)!;
    const name = node?.displayName ?? `Service ${top}`;
    const others = spokenFor.get(top) ?? [];
    const message =
      kind === "bad"
        ? others.length
          ? `${name} is bad: ${others.join(", ")} ${others.length === 1 ? "is" : "are"} bad.`
          : `${name} is bad${change.detail ? `: ${change.detail}` : ""}.`
        : `${name} is no longer bad: it is ${statusWord(change.to)} now.${others.length ? ` No longer bad either: ${others.join(", ")}.` : ""}`;
    out.push({ serviceId: top, personIds: [...people].sort((a, b) => a - b), message: message.slice(0, 500) });
  }
  return out.sort((a, b) => a.serviceId - b.serviceId);
}
