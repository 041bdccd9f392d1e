-- Full-text search over tasks (title, description, input dataset) for the Tasks list and the command palette.
-- An expression index, so no column to keep in step: queries use exactly this expression (lib/tasks/search-sql.ts).
CREATE INDEX "Task_search_idx" ON "Task" USING gin (to_tsvector('simple'::regconfig, "title" || ' ' || "description" || ' ' || "inputDataset"));

-- The Tasks list sorted by title reads this index in order instead of sorting every task (lib/tasks/queries.ts).
CREATE INDEX "Task_title_sort_idx" ON "Task" (lower("title"), "id");
