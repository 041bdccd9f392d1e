/** Saved personal board views: a name for a filter query string. */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { filtersToQuery, parseFilters } from "./filters";

export const saveViewInput = z.object({
  name: z.string().trim().min(1, "Name the view.").max(60, "A view name must be at most 60 characters."),
  query: z.string().max(2000),
});

export function listViews(personId: number) {
  return db.boardView.findMany({ where: { personId }, orderBy: { name: "asc" } });
}

/** Saves (or replaces, by name) a view; the query is re-serialised so only known filters are kept. */
export async function saveView(personId: number, input: z.infer<typeof saveViewInput>) {
  const query = filtersToQuery(parseFilters(new URLSearchParams(input.query)));
  return db.boardView.upsert({
    where: { personId_name: { personId, name: input.name } },
    create: { personId, name: input.name, query },
    update: { query },
  });
}

export async function deleteView(personId: number, id: number) {
  const r = await db.boardView.deleteMany({ where: { id, personId } });
  if (!r.count) throw notFound("Saved view");
}
