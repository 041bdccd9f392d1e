-- Task keys (NOVA-57): a per-experiment counter and a number per task.
ALTER TABLE "Experiment" ADD COLUMN "taskCounter" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Task" ADD COLUMN "number" INTEGER NOT NULL DEFAULT 0;

-- Backfill: existing tasks numbered in the order they were created, per experiment.
UPDATE "Task" t SET "number" = n.rn
FROM (SELECT id, row_number() OVER (PARTITION BY "experimentId" ORDER BY "createdAt", id) AS rn FROM "Task") n
WHERE n.id = t.id;
UPDATE "Experiment" e SET "taskCounter" = COALESCE((SELECT max("number") FROM "Task" t WHERE t."experimentId" = e.id), 0);

-- CreateIndex
CREATE UNIQUE INDEX "Task_experimentId_number_key" ON "Task"("experimentId", "number");

-- Every insert that does not bring its number takes the experiment's next one. The UPDATE locks the
-- experiment's row until the inserting transaction ends, so concurrent requests get distinct numbers.
CREATE FUNCTION poms_task_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."number" IS NULL OR NEW."number" = 0 THEN
    UPDATE "Experiment" SET "taskCounter" = "taskCounter" + 1 WHERE id = NEW."experimentId" RETURNING "taskCounter" INTO NEW."number";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER task_number BEFORE INSERT ON "Task" FOR EACH ROW EXECUTE FUNCTION poms_task_number();
