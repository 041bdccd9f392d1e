/**
 * A task's history in people's words ("Oscar Ortiz assigned it to Olga Orlova and moved it from
 * Approved to Assigned"), never field or enum names. One pure function used by the card drawer and
 * the task page, so both tell the same story.
 */
import type { TaskEventKind, TaskStatus } from "@/lib/generated/prisma/enums";
import { STATUS_LABEL } from "./lifecycle";
import { KIND_LABEL, PRIORITY_LABEL } from "./input";

export type HistoryEvent = {
  id: number;
  kind: TaskEventKind;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus | null;
  reason: string | null;
  changes: unknown;
  createdAt: Date | string;
  actor: { name: string } | null;
};

/** One line of history: who, what they did, and the detail lines under it (edited fields, the reason). */
export type HistoryLine = { id: number; who: string; what: string; details: string[]; reason: string | null; at: string };

type Diff = Record<string, { from: unknown; to: unknown }>;

const FIELD_LABEL: Record<string, string> = {
  title: "title",
  kind: "kind of work",
  description: "description",
  inputDataset: "input dataset",
  softwareVersion: "software version",
  estimatedFiles: "estimated files",
  estimatedEvents: "estimated events",
  priority: "priority",
  neededBy: "needed-by date",
  links: "links",
  campaign: "campaign",
  boardRank: "place in the column",
};


function diffOf(changes: unknown): Diff {
  if (!changes || typeof changes !== "object" || Array.isArray(changes)) return {};
  const out: Diff = {};
  for (const [k, v] of Object.entries(changes as Record<string, unknown>)) {
    if (v && typeof v === "object" && "from" in v && "to" in v) out[k] = v as { from: unknown; to: unknown };
  }
  return out;
}

/** A field's value as a person reads it. */
function valueWords(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return "none";
  if (field === "priority") return (PRIORITY_LABEL as Record<string, string>)[String(v)] ?? String(v);
  if (field === "kind") return KIND_LABEL[String(v) as keyof typeof KIND_LABEL] ?? String(v);
  if (field === "neededBy") return String(v).slice(0, 10);
  if (Array.isArray(v)) return v.map(String).join(", ");
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

const personWords = (id: unknown, names: (id: number) => string | undefined) =>
  typeof id === "number" ? (names(id) ?? "a person no longer listed") : "nobody";

function assignmentWords(d: { from: unknown; to: unknown }, names: (id: number) => string | undefined): string {
  if (d.to === null || d.to === undefined) return `unassigned it from ${personWords(d.from, names)}`;
  if (d.from === null || d.from === undefined) return `assigned it to ${personWords(d.to, names)}`;
  return `reassigned it from ${personWords(d.from, names)} to ${personWords(d.to, names)}`;
}

const moveWords = (from: TaskStatus | null, to: TaskStatus | null) =>
  from && to && from !== to ? `moved it from ${STATUS_LABEL[from]} to ${STATUS_LABEL[to]}` : null;

/** "changed the priority from Normal to High" for each planning field; other fields are listed as details. */
function editWords(diff: Diff): { what: string; details: string[] } {
  const fields = Object.keys(diff);
  const details = fields.filter((f) => f !== "description").map((f) => `${capitalise(FIELD_LABEL[f] ?? f)}: ${valueWords(f, diff[f].from)} → ${valueWords(f, diff[f].to)}`);
  if (!fields.length) return { what: "edited it", details };
  return { what: `edited the ${joinWords(fields.map((f) => FIELD_LABEL[f] ?? f))}`, details };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const joinWords = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/** The ids of the people a history names inside its changes (assignees), for one lookup of their names. */
export function peopleNamedIn(events: Pick<HistoryEvent, "changes">[]): number[] {
  const ids = new Set<number>();
  for (const e of events) {
    const d = diffOf(e.changes).assigneeId;
    if (d) for (const v of [d.from, d.to]) if (typeof v === "number") ids.add(v);
  }
  return [...ids];
}

/** One event in words. `names` gives a person's name by id (for assignments). */
export function describeEvent(e: HistoryEvent, names: (id: number) => string | undefined): HistoryLine {
  const diff = diffOf(e.changes);
  const who = e.actor?.name ?? "The system";
  const at = typeof e.createdAt === "string" ? e.createdAt : e.createdAt.toISOString();
  const base = { id: e.id, who, at, reason: e.kind === "COMMENTED" ? null : e.reason, details: [] as string[] };
  const assigned = diff.assigneeId ? assignmentWords(diff.assigneeId, names) : null;
  const moved = moveWords(e.fromStatus, e.toStatus);
  switch (e.kind) {
    case "CREATED":
      return { ...base, what: "requested it" };
    case "EDITED":
      return { ...base, ...editWords(diff) };
    case "COMMENTED":
      return { ...base, what: "commented" };
    case "LINKED":
      return { ...base, what: diff.campaign?.to ? `linked the campaign ${String(diff.campaign.to)}` : "linked a campaign" };
    case "UNLINKED":
      return { ...base, what: diff.campaign?.from ? `unlinked the campaign ${String(diff.campaign.from)}` : "unlinked a campaign" };
    case "MOVED":
      return { ...base, what: e.toStatus ? `reordered it within ${STATUS_LABEL[e.toStatus]}` : "reordered it" };
    case "UNDONE": {
      const back = e.toStatus && e.fromStatus !== e.toStatus ? `, back to ${STATUS_LABEL[e.toStatus]}` : "";
      return { ...base, what: `undid their last change${back}${assigned ? ` (${assigned})` : ""}` };
    }
    case "ASSIGNED":
    case "TRANSITION": {
      const parts = [assigned, moved].filter((p): p is string => !!p);
      return { ...base, what: parts.length ? joinWords(parts) : "changed it" };
    }
  }
}

export function describeHistory(events: HistoryEvent[], names: (id: number) => string | undefined): HistoryLine[] {
  return events.map((e) => describeEvent(e, names));
}
