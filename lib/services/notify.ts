/**
 * Who hears about a service changing state, without a storm: people who watch a service (`Watch.serviceId`) get a
 * notification when it goes bad or stops being bad. When a group goes bad in the same run as its children, only the
 * topmost service that went bad speaks: ONE notification listing its bad children, sent to its watchers and to the
 * watchers of every descendant that went bad with it (each person once); the children send none of their own.
 * Recoveries are told the same way. `planServiceNotifications` is pure; `notifyServiceChanges` writes in the
 * caller's transaction.
 */
import type { Verdict } from "./probes/judge";
import { statusWord } from "./tree";

export type StatusChange = { serviceId: number; from: Verdict; to: Verdict; detail: string };
export type NotifyNode = { id: number; parentId: number | null; displayName: string; status: Verdict };
export type PlannedNotification = { serviceId: number; personIds: number[]; message: string };

type Kind = "bad" | "recovered";
const kindOf = (c: StatusChange): Kind | null => (c.to === "BAD" && c.from !== "BAD" ? "bad" : c.from === "BAD" && c.to !== "BAD" ? "recovered" : null);

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
  const out: PlannedNotification[] = [];
  for (const [top, people] of audience) {
    if (!people.size) continue;
    const node = byId.get(top);
    const { kind, change } = kinds.get(top)!;
    const name = node?.displayName ?? `Service ${top}`;
    const badChildren = nodes.filter((n) => n.parentId === top && n.status === "BAD").map((n) => n.displayName);
    const message =
      kind === "bad"
        ? badChildren.length
          ? `${name} is bad: ${badChildren.join(", ")} ${badChildren.length === 1 ? "is" : "are"} bad.`
          : `${name} is bad${change.detail ? `: ${change.detail}` : ""}.`
        : `${name} is no longer bad: it is ${statusWord(change.to)} now.`;
    out.push({ serviceId: top, personIds: [...people].sort((a, b) => a - b), message: message.slice(0, 500) });
  }
  return out.sort((a, b) => a.serviceId - b.serviceId);
}
