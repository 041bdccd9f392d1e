import "server-only";
import { db } from "@/lib/db";
import { describeHistory, peopleNamedIn, type HistoryEvent, type HistoryLine } from "./history";

/**
 * A task's history in words, with the people its changes name (assignees) looked up in one query
 * (none when `known` already names them all).
 */
export async function taskHistory(events: HistoryEvent[], known: { id: number; name: string }[] = []): Promise<HistoryLine[]> {
  const names = new Map(known.map((p) => [p.id, p.name]));
  const missing = peopleNamedIn(events).filter((id) => !names.has(id));
  if (missing.length) for (const p of await db.person.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })) names.set(p.id, p.name);
  return describeHistory(events, (id) => names.get(id));
}
