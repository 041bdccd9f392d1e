import { authedRoute } from "@/lib/http/route";
import { cleanFields } from "@/lib/http/input";
import { parseTaskListQuery } from "@/lib/tasks/list-query";
import { exportTasksCsv } from "@/lib/tasks/export";

/** GET /api/v1/tasks/export?<the Tasks list's parameters>: every matching task as CSV, in the list's order. */
export const GET = authedRoute(async (req, { person }) => {
  const query = parseTaskListQuery(cleanFields(new URL(req.url).searchParams));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(await exportTasksCsv(person, query), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="poms-tasks-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});
