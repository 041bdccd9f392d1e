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
  fails(editStageInput.safeParse({ version: 1, splitType: "multiparam" }), /multiparam needs lists of values/);
  fails(editStageInput.safeParse({ version: 1, splitType: "" }), /Choose a split type/);
});

test("stage input: the test split is a split type in canonical form or null; slice options are checked by field", () => {
  const base = { name: "reco", jobTypeId: 1, loginSetupId: 2 };
  const ok = createStageInput.parse({ ...base, splitType: "Slices( detector ; pilot=10 ; files=50 )", testSplitType: " LimitN( 5 ) ", sliceOptions: [{ match: { detector: "far" }, overrides: [["--memory", "4000MB"]] }] });
  assert.equal(ok.splitType, "slices(detector; pilot=10%; files=50)");
  assert.equal(ok.testSplitType, "limitn(5)");
  assert.deepEqual(ok.sliceOptions, [{ match: { detector: "far" }, overrides: [["--memory", "4000MB"]] }]);
  assert.equal(createStageInput.parse(base).testSplitType, null);
  assert.equal(editStageInput.parse({ version: 1, testSplitType: "  " }).testSplitType, null, "an empty test split clears it");
  const refused: [unknown, RegExp][] = [
    [{ testSplitType: "nfiles(x)" }, /Test split: nfiles needs a whole number/],
    [{ sliceOptions: [{ match: {}, overrides: [["--memory", "1"]] }] }, /matches 1 to 5 components/],
    [{ sliceOptions: [{ match: { "bad key": "far" }, overrides: [["a", "b"]] }] }, /"bad key" is not a metadata component/],
    [{ sliceOptions: [{ match: { detector: "far" }, overrides: [] }] }, /at least one parameter override/],
    [{ sliceOptions: [{ match: { detector: "far" }, overrides: [["a b", "1"]] }] }, /"a b" is not a parameter name/],
    [{ sliceOptions: [{ match: { detector: "far" }, overrides: [["a", "1"]], extra: 1 }] }, /Unrecognized key/],
    [{ sliceOptions: "detector=far" }, /Slice options line 1: write it as/],
    [{ sliceOptions: 42 }, /Slice options must be a list/],
  ];
  for (const [extra, message] of refused) {
    const r = createStageInput.safeParse({ ...base, ...(extra as object) });
    assert.ok(!r.success, JSON.stringify(extra));
    if (!r.success) assert.match(r.error.issues.map((i) => i.message).join(" | "), message, JSON.stringify(extra));
  }
});

test("stage input: slice options written as the form's lines are read into the list, with the line that is wrong", () => {
  const r = editStageInput.parse({ version: 1, sliceOptions: "detector=far: --memory 4000MB\ndetector=far: --time 2h\n\ndetector=near, stream=numi: --memory 1000MB" });
  assert.deepEqual(r.sliceOptions, [
    { match: { detector: "far" }, overrides: [["--memory", "4000MB"], ["--time", "2h"]] },
    { match: { detector: "near", stream: "numi" }, overrides: [["--memory", "1000MB"]] },
  ]);
  assert.deepEqual(editStageInput.parse({ version: 1, sliceOptions: "  " }).sliceOptions, []);
  fails(editStageInput.safeParse({ version: 1, sliceOptions: "detector=far: --memory 1\n--memory 2" }), /Slice options line 2/);
});
