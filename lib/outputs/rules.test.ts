import { test } from "node:test";
import assert from "node:assert/strict";
import { fromFts, parentStems, stemOf } from "./dropbox";
import { nextTransfer, sameTransfer, type TransferRow } from "./transfer-rule";
import { expectedOutputs, judgeLocated, type LocateFacts } from "./located-rule";
import { fileReports } from "@/lib/submissions/refresh/input-files";
import { jobReport } from "@/lib/batch/job-report";

const t = (iso: string) => new Date(`2026-11-29T${iso}Z`);

test("an output is tied to the input whose stem it starts with, longest first", () => {
  assert.equal(stemOf("dir/run1_f0001_out.root"), "run1_f0001_out");
  assert.equal(stemOf("noext"), "noext");
  assert.deepEqual(parentStems("run1_f0001_out.root"), ["run1_f0001_out", "run1_f0001", "run1"]);
  assert.deepEqual(parentStems("plain.root"), ["plain"]);
});

test("FTS's lists map to our states: new → waiting, pending → transferring, error → stuck with FTS's words", () => {
  assert.deepEqual(fromFts({ name: "a", list: "new", message: "" }), { name: "a", state: "WAITING", rawState: "new", reason: "" });
  assert.deepEqual(fromFts({ name: "a", list: "pending", message: "to tape" }), { name: "a", state: "TRANSFERRING", rawState: "pending", reason: "to tape" });
  assert.equal(fromFts({ name: "a", list: "error", message: "no metadata" }).state, "STUCK");
  assert.equal(fromFts({ name: "a", list: "error", message: "no metadata" }).reason, "no metadata");
  assert.match(fromFts({ name: "a", list: "error", message: "" }).reason, /error/);
});

test("a transfer waiting more than 24 hours becomes stuck, keeps its stuckSince, and starts again when the file comes back", () => {
  const first = nextTransfer(null, { name: "a", state: "WAITING", rawState: "new", reason: "" }, t("00:00:00"));
  assert.deepEqual([first.state, first.firstSeenAt, first.stuckSince], ["WAITING", t("00:00:00"), null]);
  const later = nextTransfer(first, { name: "a", state: "TRANSFERRING", rawState: "pending", reason: "to tape" }, t("23:00:00"));
  assert.equal(later.state, "TRANSFERRING");
  assert.equal(later.firstSeenAt.getTime(), first.firstSeenAt.getTime());
  const stuck = nextTransfer(later, { name: "a", state: "TRANSFERRING", rawState: "pending", reason: "to tape" }, new Date("2026-11-30T00:00:01Z"));
  assert.equal(stuck.state, "STUCK");
  assert.match(stuck.reason, /^Transferring in the dropbox since 2026-11-29 00:00 UTC, more than 24 hours: to tape$/);
  assert.deepEqual(stuck.stuckSince, new Date("2026-11-30T00:00:01Z"));
  const still = nextTransfer(stuck, { name: "a", state: "TRANSFERRING", rawState: "pending", reason: "to tape" }, new Date("2026-11-30T01:00:00Z"));
  assert.deepEqual(still.stuckSince, stuck.stuckSince, "stuckSince stays while it is stuck");
  assert.ok(!sameTransfer(stuck, later));
  const located: TransferRow = { ...still, state: "LOCATED", reason: "", stuckSince: null };
  assert.equal(nextTransfer(located, { name: "a", state: "DECLARED", rawState: "declared", reason: "" }, t("12:00:00")).state, "LOCATED", "declared never takes a location away");
  const back = nextTransfer(located, { name: "a", state: "WAITING", rawState: "new", reason: "" }, new Date("2026-12-05T00:00:00Z"));
  assert.deepEqual([back.state, back.firstSeenAt], ["WAITING", new Date("2026-12-05T00:00:00Z")]);
});

test("an error from the dropbox is stuck at once; a transfer once tied never moves to another submission", () => {
  const e = nextTransfer({ state: "WAITING", rawState: "new", reason: "", firstSeenAt: t("00:00:00"), stuckSince: null, submissionId: null }, { name: "a", state: "STUCK", rawState: "error", reason: "checksum", submissionId: 7 }, t("01:00:00"));
  assert.deepEqual([e.state, e.reason, e.stuckSince, e.submissionId], ["STUCK", "checksum", t("01:00:00"), 7], "an untied row takes the submission the report names");
  assert.equal(nextTransfer(e, { name: "a", state: "STUCK", rawState: "error", reason: "checksum" }, t("02:00:00")).submissionId, 7);
  const located: TransferRow = { state: "LOCATED", rawState: "declared", reason: "", firstSeenAt: t("00:00:00"), stuckSince: null, submissionId: 3 };
  const relaunch = nextTransfer(located, { name: "a", state: "DECLARED", rawState: "declared", reason: "", submissionId: 9 }, t("03:00:00"));
  assert.deepEqual([relaunch.state, relaunch.submissionId], ["LOCATED", 3], "a relaunch writing the same name does not take the located output away");
  assert.ok(sameTransfer(located, relaunch), "so replaying it every refresh changes nothing");
});

const facts = (f: Partial<LocateFacts>): LocateFacts => ({ completionType: "LOCATED", completionPct: 95, inputs: 20, consumed: 20, reported: 20, outputsSeen: 0, outputsLocated: 0, completedAt: t("00:00:00"), jobSucceeded: true, ...f });

test("expected outputs: one per consumed input, plus unreported inputs when a job exited 0; a generator expects what it made (at least one)", () => {
  assert.equal(expectedOutputs({ inputs: 20, consumed: 18, reported: 20, outputsSeen: 0, jobSucceeded: true }), 18);
  assert.equal(expectedOutputs({ inputs: 20, consumed: 0, reported: 0, outputsSeen: 0, jobSucceeded: true }), 20, "no per-file report (Slurm, jobsub): every input");
  assert.equal(expectedOutputs({ inputs: 20, consumed: 0, reported: 0, outputsSeen: 0, jobSucceeded: false }), 0, "every job failed");
  assert.equal(expectedOutputs({ inputs: 10, consumed: 0, reported: 1, outputsSeen: 0, jobSucceeded: true }), 9, "one reported failure does not make the others expect nothing");
  assert.equal(expectedOutputs({ inputs: 0, consumed: 0, reported: 0, outputsSeen: 0, jobSucceeded: true }), 1);
  assert.equal(expectedOutputs({ inputs: 0, consumed: 0, reported: 0, outputsSeen: 7, jobSucceeded: true }), 7);
});

test("reported but none consumed is not Located at once while other inputs went unreported; located outputs count at most expected", () => {
  const now = t("06:00:00");
  assert.equal(judgeLocated(facts({ inputs: 10, consumed: 0, reported: 1 }), now).located, false);
  const capped = judgeLocated(facts({ inputs: 4, consumed: 2, reported: 4, outputsLocated: 9, completionPct: 100 }), now);
  assert.ok(capped.located);
  assert.match(capped.located ? capped.reason : "", /2 of 2 expected/);
});

test("located by the rule at the stage's percentage, at once for 'complete', after 2 days otherwise", () => {
  const now = t("06:00:00");
  assert.deepEqual(judgeLocated(facts({ outputsLocated: 18 }), now).located, false, "18 of 20 is 90 % < 95 %");
  const v = judgeLocated(facts({ outputsLocated: 19 }), now);
  assert.ok(v.located && v.by === "rule");
  assert.match(v.located ? v.reason : "", /19 of 20 expected output files/);
  assert.equal(judgeLocated(facts({ completionPct: 50, outputsLocated: 10 }), now).located, true);
  const c = judgeLocated(facts({ completionType: "COMPLETE" }), now);
  assert.ok(c.located && c.by === "complete");
  const none = judgeLocated(facts({ consumed: 0, reported: 20 }), now);
  assert.ok(none.located && none.by === "rule", "every input failed: nothing to wait for");
  const waiting = judgeLocated(facts({ outputsLocated: 3 }), new Date(t("00:00:00").getTime() + 2 * 86_400_000 - 1));
  assert.equal(waiting.located, false);
  const late = judgeLocated(facts({ outputsLocated: 3 }), new Date(t("00:00:00").getTime() + 2 * 86_400_000));
  assert.ok(late.located && late.by === "timeout");
});

test("per-file reports: one per (submission, file); consumed wins over a failed retry; other backends report none", () => {
  const r = fileReports([
    { submissionId: 2, snapshot: { kind: "jobs", done: true, jobs: [jobReport("L.0", 0, "FAILED", { files: [{ name: "a", consumed: false }, { name: "b", consumed: true }] }), jobReport("L.1", 1, "COMPLETED", { files: [{ name: "a", consumed: true }] })] } },
    { submissionId: 1, snapshot: { kind: "jobs", done: false, jobs: [jobReport("L.0", 0, "FAILED", { files: [{ name: "z", consumed: false }] })] } },
    { submissionId: 3, snapshot: { kind: "counts", done: true, counts: { idle: 0, running: 0, held: 0, completed: 1, failed: 0, cancelled: 0, removed: 0 } } },
  ]);
  assert.deepEqual(r, [
    { submissionId: 1, name: "z", consumed: false, job: "L.0" },
    { submissionId: 2, name: "a", consumed: true, job: "L.1" },
    { submissionId: 2, name: "b", consumed: true, job: "L.0" },
  ]);
});

test("locations are shown inside the spool, never as the server's own folders", async () => {
  const { shownLocation } = await import("./labels");
  assert.equal(shownLocation("/srv/poms/.data/batch/L1-2-a/output/x_out.root", "/srv/poms/.data/batch"), "L1-2-a/output/x_out.root");
  assert.equal(shownLocation("/srv/poms/.data/batch/L1-2-a/output/x_out.root", "/srv/poms/.data/batch/"), "L1-2-a/output/x_out.root");
  assert.equal(shownLocation("/elsewhere/secret/x_out.root", "/srv/poms/.data/batch"), "x_out.root");
  assert.equal(shownLocation("enstore:/pnfs/nova/reco/x_out.root", "/srv/poms/.data/batch"), "enstore:/pnfs/nova/reco/x_out.root");
  assert.equal(shownLocation(null, "/srv"), null);
});
