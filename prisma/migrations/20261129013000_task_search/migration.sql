-- Full-text search over tasks (title, description, input dataset) for the Tasks list and the command palette.
-- An expression index, so no column to keep in step: queries use exactly this expression (lib/tasks/search-sql.ts).
CREATE INDEX "Task_search_idx" ON "Task" USING gin (to_tsvector('simple'::regconfig, "title" || ' ' || "description" || ' ' || "inputDataset"));
