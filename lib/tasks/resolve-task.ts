import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { parseTaskRef } from "./keys";

/** The id of the task a URL names by id or key (NOVA-57); a 404 when there is none. Visibility is checked by the caller. */
export async function taskIdFromRef(text: unknown): Promise<number> {
  const ref = typeof text === "string" ? parseTaskRef(text) : null;
  if (!ref) throw notFound("Task");
  if ("id" in ref) return ref.id;
  const [row] = await db.$queryRaw<{ id: number }[]>`
    SELECT t.id FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = ${ref.experiment} AND t."number" = ${ref.number}`;
  if (!row) throw notFound("Task");
  return row.id;
}
