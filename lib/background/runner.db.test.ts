import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { runJob, type Step } from "./runner";
import { expireNotifications } from "./steps/expire-notifications";

const step = (name: string, run: Step["run"], timeoutMs = 2000): Step => ({ name, timeoutMs, run });
const DAY = 86_400_000;

test("a run records each step: what it did, how long it took, and failures and time-outs as such", async () => {
  const report = await runJob(
    "test-job",
    [
      step("counts", async () => ({ counted: 3 })),
      step("breaks", async () => {
        throw new Error("monitor said no");
      }),
      step("too slow", (ctx) => new Promise((resolve) => ctx.signal.addEventListener("abort", () => resolve({ stoppedEarly: true }))), 100),
    ],
    "test",
  );
  assert.ok(report.ran);
  if (!report.ran) return;
  assert.equal(report.status, "PARTIAL");
  assert.deepEqual(report.steps.map((s) => [s.step, s.ok]), [["counts", true], ["breaks", false], ["too slow", false]]);
  assert.match(report.steps[2].error!, /within 100 ms/);
  const row = await db.refreshRun.findUniqueOrThrow({ where: { id: report.runId } });
  assert.equal(row.status, "PARTIAL");
  assert.equal(row.job, "test-job");
  assert.ok(row.finishedAt);
  assert.deepEqual((row.summary as { steps: { result?: unknown }[] }).steps[0].result, { counted: 3 });
});

test("one runner at a time per job; a run left RUNNING by a dead process is marked abandoned by the next", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const first = runJob("single", [step("waits", async () => (await gate, {}), 5000)], "test");
  await new Promise((r) => setTimeout(r, 200));
  const second = await runJob("single", [step("never", async () => ({}))], "test");
  assert.deepEqual(second, { ran: false, reason: 'Another "single" run is in progress.' });
  const other = await runJob("another-job", [step("ok", async () => ({}))], "test");
  assert.ok(other.ran, "other jobs are not blocked");
  release();
  assert.ok((await first).ran);

  const dead = await db.refreshRun.create({ data: { job: "single", triggeredBy: "cron", status: "RUNNING", startedAt: new Date(Date.now() - 3600_000) } });
  const next = await runJob("single", [step("ok", async () => ({}))], "test");
  assert.ok(next.ran && next.abandoned === 1);
  assert.equal((await db.refreshRun.findUniqueOrThrow({ where: { id: dead.id } })).status, "ABANDONED");
});

test("expire-notifications deletes only what is past keeping, and is idempotent", async () => {
  const now = new Date();
  const person = await db.person.findUniqueOrThrow({ where: { username: "ned" } });
  const mk = (ageDays: number, read: boolean, message: string) => ({ personId: person.id, message, createdAt: new Date(now.getTime() - ageDays * DAY), readAt: read ? now : null });
  await db.notification.createMany({ data: [mk(31, true, "old read"), mk(29, true, "recent read"), mk(181, false, "ancient unread"), mk(179, false, "old unread")] });
  const r1 = await runJob("refresh-test", [expireNotifications], "test", now);
  assert.ok(r1.ran && r1.status === "OK");
  const left = (await db.notification.findMany({ where: { personId: person.id, message: { in: ["old read", "recent read", "ancient unread", "old unread"] } } })).map((n) => n.message).sort();
  assert.deepEqual(left, ["old unread", "recent read"]);
  const r2 = await runJob("refresh-test", [expireNotifications], "test", now);
  assert.ok(r2.ran && (r2.steps[0].result as { deleted: number }).deleted === 0);
});
