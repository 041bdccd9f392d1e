import { test } from "node:test";
import assert from "node:assert/strict";
import { filePatternsProblem, isValidLikePattern, parseFilePatterns } from "./patterns";
import { createStageInput } from "@/lib/campaigns/input";
import { connectInput } from "@/lib/campaigns/graph/input";
import { readCampaignToml, renderCampaignToml, type CampaignDocument } from "@/lib/campaigns/toml/document";

test("a LIKE pattern may not end with a lone escape (PostgreSQL refuses it); an escaped backslash is fine", () => {
  assert.equal(isValidLikePattern("%_out.root"), true);
  assert.equal(isValidLikePattern("%\\_out.root"), true);
  assert.equal(isValidLikePattern("a\\\\"), true, "\\\\ is one literal backslash");
  assert.equal(isValidLikePattern("a\\"), false);
  assert.equal(isValidLikePattern("a\\\\\\"), false);
  assert.equal(isValidLikePattern("\\"), false);
  assert.equal(filePatternsProblem("%.root, %.hist"), null);
  assert.match(filePatternsProblem("%.root, data\\") ?? "", /ends with a lone \\/);
});

test("parseFilePatterns leaves out a pattern PostgreSQL would refuse: it matches nothing rather than failing the wrap-up", () => {
  assert.deepEqual(parseFilePatterns("%.root, bad\\"), ["%.root"]);
  assert.deepEqual(parseFilePatterns("bad\\"), [], "nothing valid: no outputs, not every output");
  assert.deepEqual(parseFilePatterns(""), ["%"]);
});

const stage = { name: "reco", jobTypeId: 1, loginSetupId: 1 };
test("the stage form, the graph and the TOML import refuse a dangling escape with one message", () => {
  const form = createStageInput.safeParse({ ...stage, dependencies: [{ fromStageId: 2, filePatterns: "%_out.root\\" }] });
  assert.ok(!form.success);
  assert.match(form.error.issues[0].message, /ends with a lone \\/);
  assert.ok(createStageInput.safeParse({ ...stage, dependencies: [{ fromStageId: 2, filePatterns: "%\\_out.root" }] }).success);
  const graph = connectInput.safeParse({ fromStageId: 1, toStageId: 2, filePatterns: "x\\" });
  assert.ok(!graph.success);
  assert.match(graph.error.issues[0].message, /ends with a lone \\/);
  const doc: CampaignDocument = {
    campaign: { experiment: "nova", name: "c", description: "", active: true, id: null, version: null, fingerprint: null, defaults: {}, keywords: [], tags: [] } as unknown as CampaignDocument["campaign"],
    stages: [],
    dependencies: [],
  };
  const good = renderCampaignToml(doc);
  const text = `${good}\n[[stages]]\nname = "a"\njobType = "j"\nloginSetup = "l"\n\n[[dependencies]]\nfrom = "a"\nto = "a"\nfilePatterns = 'out\\'\n`;
  const r = readCampaignToml(text);
  assert.ok(!r.ok);
  const p = r.problems.find((x) => /ends with a lone \\/.test(x.message));
  assert.ok(p, JSON.stringify(r.problems));
  assert.equal(text.split("\n")[p.line! - 1], "filePatterns = 'out\\'", "on the pattern's line");
});
