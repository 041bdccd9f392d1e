import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { stringify } from "smol-toml";
import { keyLines, positionOf } from "./lines";
import { describeProblem, oneEditApart, readCampaignToml, renderCampaignToml, type CampaignDocument } from "./document";

/**
 * The fastest of three runs, in ms: a busy machine slows one run, not all three. The bounds below are loose (10 s)
 * on purpose: the quadratic scans these tests guard against take minutes at these sizes, while a loaded CI machine
 * may take a second or two for the linear ones (timings themselves live in bench/, not in tests).
 */
const fastest = (f: () => void) => Math.min(...[0, 1, 2].map(() => {
  const t = performance.now();
  f();
  return performance.now() - t;
}));

const doc: CampaignDocument = {
  campaign: {
    experiment: "nova",
    name: "reco_2026",
    description: 'Far detector "keep-up"\nsecond line with a \\ backslash',
    active: true,
    id: 12,
    version: 4,
    fingerprint: "stages:0 dependencies:0 schedules:0",
    defaults: { softwareVersion: "v3.2.1", completionPct: 90, paramOverrides: [["--memory", "2000MB"]] },
    keywords: [["config", "reco.fcl"], ["release", "v3"]],
    tags: ["reco", "2026"],
  },
  stages: [
    {
      name: "gen", version: 2, position: 0, stageType: "GENERATOR", jobType: "nova_gen", loginSetup: "novapro_gpvm", batchBackend: null, inputDataset: "", splitType: "none", testSplitType: null,
      sliceOptions: [], softwareVersion: null, vomsRole: null, paramOverrides: [], testParamOverrides: [], completionType: null, completionPct: null, failedRatio: null, maxJobs: null, active: true, graph: null, schedules: [],
    },
    {
      name: "reco", version: null, position: 1, stageType: "REGULAR", jobType: "nova_reco", loginSetup: "novapro_gpvm", batchBackend: "LOCAL", inputDataset: "nova_raw", splitType: "nfiles(10)", testSplitType: "limitn(2)",
      sliceOptions: [{ match: { detector: "far" }, overrides: [["--memory", "4000MB"]] }], softwareVersion: "v3.2.2", vomsRole: "Production", paramOverrides: [["-c", "reco.fcl"], ["--nevts", "10"]], testParamOverrides: [["--nevts", "1"]],
      completionType: "LOCATED", completionPct: 95, failedRatio: 1.5, maxJobs: 100, active: false, graph: { x: 300, y: 40 },
      schedules: [{ cron: "0 3 * * *", timeZone: "Europe/Rome", active: true, clearWhenDone: true }],
    },
  ],
  dependencies: [
    { from: "gen", to: "reco", filePatterns: "%.root" },
    { from: "reco", to: "reco", filePatterns: "%" },
  ],
};

test("a written campaign reads back to the same document", () => {
  const text = renderCampaignToml(doc, ["exported for a test"]);
  const r = readCampaignToml(text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.document, doc);
});

test("every key of the written file has its own line, array elements and tables of arrays included", () => {
  const text = renderCampaignToml(doc);
  const lines = text.split("\n");
  const at = keyLines(text);
  const lineOf = (k: string) => lines[(at.get(k)?.line ?? 0) - 1];
  assert.match(lineOf("campaign.name"), /^name = "reco_2026"/);
  assert.match(lineOf("campaign.defaults.completionPct"), /^completionPct = 90/);
  assert.match(lineOf("campaign.keywords.release"), /^release = "v3"/);
  assert.match(lineOf("stages.1.splitType"), /^splitType = "nfiles\(10\)"/);
  assert.match(lineOf("stages.1.paramOverrides.1"), /"--nevts", "10"/);
  assert.match(lineOf("stages.1.schedules.0.timeZone"), /Europe\/Rome/);
  assert.match(lineOf("stages.1.graph.y"), /graph = \{ x = 300, y = 40 \}/);
  assert.match(lineOf("dependencies.1.from"), /^from = "reco"/);
  // A deeper path falls back to the nearest key written.
  assert.equal(positionOf(at, ["stages", 1, "paramOverrides", 1, 0])?.line, at.get("stages.1.paramOverrides.1")?.line);
});

test("the scanner follows multi-line strings, inline tables, quoted keys and comments", () => {
  const text = [
    'a = """one', 'two "quoted" """', "# a comment", "[t]", '"quoted key" = 1', "b = { c = [1,", "  2], d = 'x' } # trailing", "[[arr]]", "e = 1", "[[arr]]", "[arr.sub]", "f = 2", "[[arr.list]]", "g = 3",
  ].join("\n");
  const at = keyLines(text);
  assert.equal(at.get("a")?.line, 1);
  assert.equal(at.get("t.quoted key")?.line, 5);
  assert.equal(at.get("t.b.c.1")?.line, 7);
  assert.equal(at.get("t.b.d")?.line, 7);
  assert.equal(at.get("arr.0.e")?.line, 9);
  assert.equal(at.get("arr.1")?.line, 10);
  assert.equal(at.get("arr.1.sub.f")?.line, 12);
  assert.equal(at.get("arr.1.list.0.g")?.line, 14);
});

test("a syntax error says its line and column; nothing else is checked", () => {
  const r = readCampaignToml('format = 1\n[campaign]\nname = "x\n');
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].line, 3);
  assert.ok(r.problems[0].column! >= 1);
  assert.match(describeProblem(r.problems[0]), /^Line 3: This is not valid TOML/);
});

test("every field problem is reported on the line of its key, with the configuration's own words", () => {
  const text = renderCampaignToml(doc)
    .replace('splitType = "nfiles(10)"', 'splitType = "nfiles(ten)"')
    .replace("completionPct = 95", "completionPct = 150")
    .replace('release = "v3"', 'dataset = "v3"')
    .replace('timeZone = "Europe/Rome"', 'timeZone = "Mars/Olympus"')
    .replace('to = "reco"\nfilePatterns = "%.root"', 'to = "nowhere"\nfilePatterns = "%.root"')
    .replace('vomsRole = "Production"', 'vomsRole = "Production"\nspliType = "none"');
  const r = readCampaignToml(text);
  assert.ok(!r.ok);
  const lines = text.split("\n");
  const got = r.problems.map((p) => [lines[p.line! - 1].split(" ")[0], p.message]);
  const find = (key: string) => got.find(([k]) => k === key)?.[1] ?? "";
  assert.match(find("splitType"), /nfiles needs a whole number of files per submission/);
  assert.match(find("completionPct"), /Completion % must be at most 100/);
  assert.match(find("dataset"), /Keyword "dataset" is filled in at launch/);
  assert.match(find("timeZone"), /“Mars\/Olympus” is not a time zone/);
  assert.match(find("to"), /There is no stage "nowhere" in this file/);
  assert.match(find("spliType"), /"spliType" is not a field here; did you mean splitType\?/);
  assert.equal(r.problems.length, 6, JSON.stringify(r.problems));
  // Sorted by line.
  assert.deepEqual(r.problems.map((p) => p.line), [...r.problems.map((p) => p.line)].sort((a, b) => a! - b!));
});

test("stage names are unique, edges are written once, and the format is named", () => {
  const text = renderCampaignToml({ ...doc, dependencies: [...doc.dependencies, { from: "gen", to: "reco", filePatterns: "%" }] }).replace('name = "reco"', 'name = "gen"').replace("format = 1", "format = 2");
  const r = readCampaignToml(text);
  assert.ok(!r.ok);
  const messages = r.problems.map(describeProblem).join("\n");
  assert.match(messages, /Only format 1 can be read/);
  assert.match(messages, /two stages named "gen"/);
  assert.match(messages, /from "gen" to "gen" is written twice|from "gen" to "reco" is written twice/);
});

test("a bad cron expression and an unknown section are refused by name", () => {
  const text = renderCampaignToml(doc).replace('cron = "0 3 * * *"', 'cron = "every day"') + "\n[stage]\nname = \"x\"\n";
  const r = readCampaignToml(text);
  assert.ok(!r.ok);
  const messages = r.problems.map(describeProblem).join("\n");
  assert.match(messages, /“every day” is not a cron expression we take \(2 fields\)/);
  assert.match(messages, /"stage" is not a section of a campaign file; did you mean stages\?/);
});

test("property: on any document smol-toml writes, the scanner finds every key on the line that holds it", () => {
  const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
  const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(key, tie("v"), { maxKeys: 3 })),
  })).v;
  fc.assert(
    fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), (doc) => {
      const text = stringify(doc);
      const lines = text.split("\n");
      const at = keyLines(text);
      // Every top-level scalar or inline key of the document was found, on a line that names it.
      for (const [k, v] of Object.entries(doc)) {
        const pos = at.get(k);
        assert.ok(pos, `${k} not found in\n${text}`);
        if (v === null || typeof v !== "object" || Array.isArray(v)) assert.ok(lines[pos.line - 1].includes(k), `${k} at line ${pos.line} of\n${text}`);
      }
    }),
    { numRuns: 300 },
  );
});

test("a hostile header of thousands of dotted parts, or thousands of distinct arrays of tables, is answered in well under a second", () => {
  const deep = "format = 1\n[" + Array(99_990).fill("a").join(".").slice(0, 199_990) + "]\n";
  assert.ok(deep.length <= 200_000);
  const r = readCampaignToml(deep);
  const deepMs = fastest(() => readCampaignToml(deep));
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].line, 2);
  assert.match(r.problems[0].message, /more than 12 dotted parts/);
  assert.ok(deepMs < 10_000, `deep header took ${deepMs} ms`);

  const arrays = Array.from({ length: 20_000 }, (_, i) => `[[t${i}]]`).join("\n").slice(0, 199_000);
  const at = keyLines(arrays);
  const arraysMs = fastest(() => keyLines(arrays));
  assert.equal(at.get("t19.0")?.line, 20);
  assert.ok(arraysMs < 10_000, `distinct arrays of tables took ${arraysMs} ms`);
});

test("nested arrays of tables are numbered again under each new element, however deep", () => {
  const text = ["[[a]]", "[[a.b]]", "[[a.b]]", "[[a.b.c]]", "[[a]]", "[[a.b]]", "[[a.b.c]]", "[[a.b.c]]", "x = 1"].join("\n");
  const at = keyLines(text);
  assert.equal(at.get("a.0.b.1.c.0")?.line, 4);
  assert.equal(at.get("a.1.b.0")?.line, 6);
  assert.equal(at.get("a.1.b.0.c.1.x")?.line, 9);
});

test("a dotted key marks each of its prefixes, and quoted keys decode every TOML escape", () => {
  const text = ["[campaign]", 'name = "x"', 'keywords.a.b = "x"', '"\\U0001F600\\u00e9\\t" = 1', '"a\\\\b" = 2'].join("\n");
  const at = keyLines(text);
  assert.equal(at.get("campaign.keywords")?.line, 3);
  assert.equal(at.get("campaign.keywords.a")?.line, 3);
  assert.equal(at.get("campaign.keywords.a.b")?.line, 3);
  assert.equal(at.get("campaign.\u{1F600}é\t")?.line, 4);
  assert.equal(at.get("campaign.a\\b")?.line, 5);
  // The problem under keywords.a is placed on that line, not on [campaign].
  const r = readCampaignToml(["format = 1", "[campaign]", 'experiment = "nova"', 'name = "x"', 'keywords.a.b = "x"'].join("\n"));
  assert.ok(!r.ok);
  assert.deepEqual(r.problems.map((p) => p.line), [5]);
});

test("a cron expression that never fires is refused on its line, and a file holds at most 200 schedules", () => {
  const text = renderCampaignToml(doc).replace('cron = "0 3 * * *"', 'cron = "0 0 30 2 *"');
  const r = readCampaignToml(text);
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 1);
  assert.equal(text.split("\n")[r.problems[0].line! - 1], 'cron = "0 0 30 2 *"');
  assert.match(r.problems[0].message, /never fires/);

  // 20 per stage is the stage's own limit; 11 such stages are 220 schedules.
  const stageWith20 = (n: number) => ({ ...doc.stages[0], name: `s${n}`, schedules: Array.from({ length: 20 }, (_, k) => ({ cron: `${k} 3 * * *`, timeZone: "UTC", active: true, clearWhenDone: false })) });
  const r2 = readCampaignToml(renderCampaignToml({ ...doc, stages: Array.from({ length: 11 }, (_, n) => stageWith20(n)), dependencies: [] }));
  assert.ok(!r2.ok);
  assert.deepEqual(r2.problems.map((p) => [p.key, p.message]), [["stages[10].schedules[0]", "A file holds at most 200 schedules."]]);
  // Within the cap each (expression, zone) is asked once, and its next run is kept for the write.
  const r3 = readCampaignToml(renderCampaignToml({ ...doc, stages: Array.from({ length: 10 }, (_, n) => stageWith20(n)), dependencies: [] }), new Date("2026-01-01T00:00:00Z"));
  assert.ok(r3.ok);
  assert.equal(r3.nextRuns.size, 20);
  assert.equal(r3.nextRuns.get("0 3 * * *\u0000UTC")?.toISOString(), "2026-01-01T03:00:00.000Z");
});

test("a file with thousands of problems is answered with the first hundred, by line, and how many more", () => {
  const stages = Array.from({ length: 200 }, (_, n) => ["[[stages]]", `name = "s${n}"`, 'jobType = "j"', 'loginSetup = "l"', ...Array.from({ length: 60 }, (_, k) => `unknown${k} = 1`)].join("\n"));
  const text = ["format = 1", "[campaign]", 'experiment = "nova"', 'name = "x"', ...stages].join("\n");
  const r = readCampaignToml(text);
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 100);
  assert.equal(r.more, 200 * 60 - 100);
  assert.deepEqual(r.problems.map((p) => p.line), [...r.problems.map((p) => p.line)].sort((a, b) => a! - b!));
  assert.equal(r.problems[0].line, 9);
});

test("property: the scanner ends on any text, however broken or deeply nested", () => {
  const piece = fc.constantFrom("[", "]", "{", "}", "[[", "]]", "a", ".", "=", ",", '"', "'", '"""', "\\", "\n", " ", "#", "1");
  fc.assert(fc.property(fc.array(piece, { maxLength: 200 }), (parts) => void keyLines(parts.join(""))), { numRuns: 500 });
  assert.ok(keyLines("a = " + "[".repeat(100_000)) instanceof Map);
  assert.ok(keyLines("a = " + "{ b = ".repeat(30_000)) instanceof Map);
});

test("one edit apart: a letter added, removed or changed, and nothing else", () => {
  assert.equal(oneEditApart("splittype", "splitype"), true);
  assert.equal(oneEditApart("name", "nme"), true);
  assert.equal(oneEditApart("name", "names"), true);
  assert.equal(oneEditApart("name", "nane"), true);
  assert.equal(oneEditApart("name", "name"), false);
  assert.equal(oneEditApart("name", "mane"), false);
  assert.equal(oneEditApart("name", "fame"), true);
  assert.equal(oneEditApart("name", "amne"), false);
  assert.equal(oneEditApart("from", "form"), false);
  assert.equal(oneEditApart("to", "x"), false);
  assert.equal(oneEditApart("", "x"), true);
});

test("a file of 20,000 distinct unknown sections is refused in well under a second", () => {
  const arrays = Array.from({ length: 20_000 }, (_, i) => `[[t${i}]]`).join("\n").slice(0, 199_000);
  const r = readCampaignToml(arrays);
  const ms = fastest(() => readCampaignToml(arrays));
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 100);
  assert.ok(ms < 10_000, `took ${ms} ms`);
});

test("per-slice options must name components of the stage's own split, as the stage form says", () => {
  const text = renderCampaignToml(doc).replace('splitType = "nfiles(10)"', 'splitType = "slices(stream; files=10)"');
  const r = readCampaignToml(text);
  assert.ok(!r.ok);
  const p = r.problems.find((x) => x.key.includes("sliceOptions"));
  assert.ok(p, JSON.stringify(r.problems));
  assert.match(p.message, /matches detector, which is not a component of this split \(its components: stream\)/);
  assert.equal(text.split("\n")[p.line! - 1].trimStart().startsWith("sliceOptions"), true);
  const fine = readCampaignToml(renderCampaignToml(doc).replace('splitType = "nfiles(10)"', 'splitType = "slices(detector; files=10)"'));
  assert.ok(fine.ok, fine.ok ? "" : JSON.stringify(fine.problems));
});
