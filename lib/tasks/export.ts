/** The Tasks list as CSV, streamed in batches in the list's order (any size, bounded memory). */
import "server-only";
import type { Actor } from "@/lib/people/policy";
import { CSV_BOM, csvRow } from "@/lib/http/csv";
import { KIND_LABEL, PRIORITY_LABEL } from "./input";
import { STATUS_LABEL } from "./lifecycle";
import { listTasks } from "./queries";
import type { TaskListQuery } from "./list-query";

const BATCH = 2000;
const HEADER = ["Key", "Title", "Experiment", "Kind", "Priority", "State", "Requester", "Assignee", "Needed by", "Created (UTC)", "Updated (UTC)"];

/**
 * The first batch is read before anything is sent, so a failure there is an ordinary error answer,
 * not a truncated file; "overdue" and "stale" are judged against one moment for the whole export.
 */
export async function exportTasksCsv(actor: Actor, query: TaskListQuery): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const now = new Date();
  const batch = (skip: number) => listTasks(actor, query, { take: BATCH, skip, count: false }, query, now).then((r) => r.items);
  let items = await batch(0);
  let skip = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRow(HEADER)));
    },
    async pull(controller) {
      const text = items
        .map((t) =>
          csvRow([
            t.key, t.title, t.experiment.name, KIND_LABEL[t.kind], PRIORITY_LABEL[t.priority], STATUS_LABEL[t.status],
            t.requester.name, t.assignee?.name ?? "", t.neededBy?.slice(0, 10) ?? "", t.createdAt, t.updatedAt,
          ]),
        )
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      if (items.length < BATCH) return controller.close();
      skip += BATCH;
      items = await batch(skip);
    },
  });
}
