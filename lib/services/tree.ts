/**
 * The service tree rolls up: a group's status comes from its active children's. The share of good children (a
 * DEGRADED child counts half) is compared with the group's thresholds: at or above `goodShare` (default 1.0) the
 * group is GOOD, below `badShare` (default 0.5) BAD, DEGRADED between. Children whose status is UNKNOWN are left out
 * of the share; a group whose active children are all unknown (or that has none) is UNKNOWN. Inactive services are
 * ignored entirely. Groups are judged bottom-up, so a group of groups sees its children's new status. Pure.
 */
import type { Verdict } from "./probes/judge";

export const DEFAULT_GOOD_SHARE = 1.0;
export const DEFAULT_BAD_SHARE = 0.5;

export type TreeNode = {
  id: number;
  parentId: number | null;
  name: string;
  active: boolean;
  /** A leaf's own (damped) status; ignored for groups, which are judged from their children. */
  status: Verdict;
  goodShare: number | null;
  badShare: number | null;
  /** Groups are services with children or without a probe; leaves have a probe. */
  isGroup: boolean;
};

export type RolledUp = { status: Verdict; detail: string };

const WORD: Record<Verdict, string> = { GOOD: "good", DEGRADED: "degraded", BAD: "bad", UNKNOWN: "unknown" };
export const statusWord = (s: Verdict) => WORD[s];

/** One group's status from its children's statuses and its thresholds. */
export function judgeGroup(children: { name: string; status: Verdict }[], goodShare: number | null, badShare: number | null): RolledUp {
  const known = children.filter((c) => c.status !== "UNKNOWN");
  if (!known.length) return { status: "UNKNOWN", detail: children.length ? "no child service has a known status" : "no active services in this group" };
  const score = known.reduce((s, c) => s + (c.status === "GOOD" ? 1 : c.status === "DEGRADED" ? 0.5 : 0), 0);
  const share = score / known.length;
  const good = goodShare ?? DEFAULT_GOOD_SHARE;
  const bad = badShare ?? DEFAULT_BAD_SHARE;
  const status: Verdict = share >= good - 1e-9 ? "GOOD" : share < bad - 1e-9 ? "BAD" : "DEGRADED";
  const counts = (s: Verdict) => known.filter((c) => c.status === s);
  const parts = [`${counts("GOOD").length} of ${known.length} good`];
  const degraded = counts("DEGRADED");
  const badOnes = counts("BAD");
  if (degraded.length) parts.push(`degraded: ${degraded.map((c) => c.name).join(", ")}`);
  if (badOnes.length) parts.push(`bad: ${badOnes.map((c) => c.name).join(", ")}`);
  const unknown = children.length - known.length;
  if (unknown) parts.push(`${unknown} unknown`);
  return { status, detail: parts.join("; ") };
}

/**
 * Every active group's status, bottom-up, from the leaves' statuses. Returns a map for groups only (leaves keep their
 * own). A cycle in the parent links (which the database does not forbid) is cut where it is found, never looped.
 */
export function rollUp(nodes: readonly TreeNode[]): Map<number, RolledUp> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<number, TreeNode[]>();
  for (const n of nodes) {
    if (!n.active || n.parentId === null || !byId.has(n.parentId)) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  const out = new Map<number, RolledUp>();
  const visiting = new Set<number>();
  const statusOf = (n: TreeNode): Verdict => {
    if (!n.isGroup) return n.status;
    const done = out.get(n.id);
    if (done) return done.status;
    if (visiting.has(n.id)) return "UNKNOWN"; // a cycle: judged without the child that loops back
    visiting.add(n.id);
    const kids = (children.get(n.id) ?? []).map((c) => ({ name: c.name, status: statusOf(c) }));
    const r = judgeGroup(kids, n.goodShare, n.badShare);
    visiting.delete(n.id);
    out.set(n.id, r);
    return r.status;
  };
  for (const n of nodes) if (n.active && n.isGroup) statusOf(n);
  return out;
}
