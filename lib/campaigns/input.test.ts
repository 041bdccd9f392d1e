import { test } from "node:test";
import assert from "node:assert/strict";
import { createJobTypeInput, createLoginSetupInput, createStageInput, editCampaignInput, editStageInput, keywordPairs, pairsFromLines, pairsToLines, paramPairsInput } from "./input";

const fails = (r: { success: boolean; error?: { issues: { message: string }[] } }, pattern: RegExp) => {
  assert.equal(r.success, false);
  assert.match(r.error!.issues.map((i) => i.message).join(" | "), pattern);
};

test("login/setup: hosts and accounts are checked, hostile text refused", () => {
  const ok = createLoginSetupInput.parse({ experiment: "nova", name: "novapro@gpvm01", launchHost: " NOVAgpvm01.FNAL.gov", launchAccount: "novapro" });
  assert.equal(ok.launchHost, "novagpvm01.fnal.gov");
  assert.equal(ok.setupCommands, "");
  fails(createLoginSetupInput.safeParse({ experiment: "nova", name: "x", launchHost: "host; rm -rf /", launchAccount: "novapro" }), /host name/);
  fails(createLoginSetupInput.safeParse({ experiment: "nova", name: "x", launchHost: "h", launchAccount: "Nova Pro" }), /account name/);
  fails(createLoginSetupInput.safeParse({ experiment: "nova", name: "has space", launchHost: "h", launchAccount: "a" }), /no spaces/);
  fails(createLoginSetupInput.safeParse({ experiment: "nova", name: "x", launchHost: "h", launchAccount: "a", extra: 1 }), /./);
  // NUL and bidi overrides are cleaned before the name rule sees them.
  assert.equal(createLoginSetupInput.parse({ experiment: "nova", name: "a\u0000b\u202e", launchHost: "h", launchAccount: "a" }).name, "ab");
});

test("parameters are ordered pairs with unique, space-free keys and one-line values", () => {
  assert.deepEqual(paramPairsInput("P").parse([["--memory", "2000MB"], ["-Oglobal.x", "a\nb"]]), [["--memory", "2000MB"], ["-Oglobal.x", "a b"]]);
  fails(paramPairsInput("P").safeParse([["--a", "1"], ["--a", "2"]]), /given twice/);
  fails(paramPairsInput("P").safeParse([["$(reboot)", "1"]]), /not a parameter name/);
  fails(paramPairsInput("P").safeParse([["", "1"]]), /no name/);
  fails(paramPairsInput("P").safeParse({ a: 1 }), /pairs/);
});

test("job type: patterns and the recovery list", () => {
  const jt = createJobTypeInput.parse({ experiment: "nova", name: "reco", launchScript: "fife_launch", recoveries: [{ recoveryType: "proj_status", paramOverrides: [["--memory", "4GB"]] }] });
  assert.deepEqual(jt.recoveries, [{ recoveryType: "proj_status", paramOverrides: [["--memory", "4GB"]] }]);
  assert.equal(jt.filesPerJob, null);
  fails(createJobTypeInput.safeParse({ experiment: "nova", name: "r", launchScript: "x", outputFilePatterns: ["a b"] }), /spaces/);
  fails(createJobTypeInput.safeParse({ experiment: "nova", name: "r", launchScript: "x", recoveries: [{ recoveryType: "rerun" }] }), /Recovery type/);
  fails(createJobTypeInput.safeParse({ experiment: "nova", name: "r", launchScript: "x", filesPerJob: 0 }), /at least 1/);
});

test("stages: null inherits, absent leaves alone, a version is required to edit", () => {
  const s = createStageInput.parse({ name: "reco", jobTypeId: 1, loginSetupId: 2 });
  assert.equal(s.softwareVersion, null);
  assert.equal(s.splitType, "none");
  const e = editStageInput.parse({ version: 3, softwareVersion: null });
  assert.equal(e.softwareVersion, null);
  assert.ok(!("vomsRole" in e));
  fails(editStageInput.safeParse({ softwareVersion: "v1" }), /version/);
  fails(editStageInput.safeParse({ version: 1, completionPct: 101 }), /at most 100/);
  fails(editStageInput.safeParse({ version: 1, inputDataset: "a;b" }), /dataset name/);
  fails(editStageInput.safeParse({ version: 1, jobTypeId: 2147483648 }), /out of range/);
  fails(editStageInput.safeParse({ version: 1, hold: true }), /./);
});

test("campaign keywords exclude launch-time names; form lines round-trip to pairs", () => {
  fails(keywordPairs.safeParse([["dataset", "x"]]), /filled in at launch/);
  fails(editCampaignInput.safeParse({ version: 1, defaults: { batchBackend: "PBS" } }), /local, Slurm or jobsub/);
  assert.deepEqual(pairsFromLines("--memory 2000MB\n\n  -Oa   b c \n--flag"), [["--memory", "2000MB"], ["-Oa", "b c"], ["--flag", ""]]);
  assert.equal(pairsToLines([["--memory", "2000MB"], ["--flag", ""]]), "--memory 2000MB\n--flag");
});

test("split types are read by the split rules and stored canonically", () => {
  assert.equal(createStageInput.parse({ name: "s", jobTypeId: 1, loginSetupId: 1, splitType: "  NFiles( 10 ) " }).splitType, "nfiles(10)");
  assert.equal(editStageInput.parse({ version: 1, splitType: "byrun(low=5, high=9)" }).splitType, "byrun(5,9)");
  fails(editStageInput.safeParse({ version: 1, splitType: "nfiles(0)" }), /at least 1/);
  fails(editStageInput.safeParse({ version: 1, splitType: "multiparam" }), /not offered/);
  fails(editStageInput.safeParse({ version: 1, splitType: "" }), /Choose a split type/);
});
