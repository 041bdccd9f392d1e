import { test, after } from "node:test";
import assert from "node:assert/strict";
import { samCatalogue } from "./sam";
import { startSamMock, type SamMetadata } from "@/lib/testing/mocks/sam";
import { FAULTS, type Fault, FAULT_KIND } from "@/lib/testing/mock-server";
import { EndpointBackoff } from "@/lib/adapters/backoff";

const files: SamMetadata[] = Array.from({ length: 30 }, (_, i) => ({
  file_name: `nova_raw_r${1000 + Math.floor(i / 10)}_s${String(i % 10).padStart(3, "0")}.root`,
  file_id: 5000 + i,
  file_size: 1_500_000_000 + i,
  data_tier: i % 3 === 2 ? "reco" : "raw",
  data_stream: i % 2 ? "numi" : "cosmic",
  runs: [[1000 + Math.floor(i / 10), i % 10, "physics"]],
  start_time: new Date(Date.UTC(2026, 9, 1) + (29 - i) * 3_600_000).toISOString().replace(".000Z", "+00:00"),
  end_time: new Date(Date.UTC(2026, 9, 1) + (29 - i) * 3_600_000 + 600_000).toISOString().replace(".000Z", "+00:00"),
  event_count: 100 + i,
  "nova.detectorid": "fd",
  "sbn_dm.detector": i < 15 ? "far" : "near",
}));

const mock = await startSamMock(
  {
    files,
    definitions: { nova_raw: "data_tier raw", nova_raw_r1000: "defname: nova_raw and run_number 1000" },
    locations: { [files[0].file_name]: ["enstore:/pnfs/nova/raw/00/10", "dcache:/pnfs/fnal.gov/usr/nova/raw"] },
    projects: { "nova_reco_proj_42": { project_status: "running", files_in_snapshot: 20, file_counts: { consumed: 9, completed: 1, failed: 2, skipped: 1, delivered: 3, unknown: 4 }, dataset_def_name: "nova_raw" } },
  },
  { slowMs: 4000 },
);
after(() => mock.close());
const base = `${mock.url}/sam/nova/api`;
const sam = samCatalogue({ baseUrl: base, timeoutMs: 2000, token: "tok-123" });

test("a definition's files come with their metadata, in start-time order, from files/list and POST files/metadata", async () => {
  mock.requests.length = 0;
  const r = await sam.datasetFiles(1, "nova_raw");
  assert.ok(r.ok, !r.ok ? r.message : "");
  if (!r.ok) return;
  const expected = files.filter((f) => f.data_tier === "raw");
  assert.equal(r.value.length, expected.length);
  assert.deepEqual(r.value.map((f) => f.position), expected.map((_, i) => i));
  const times = r.value.map((f) => f.startTime!.getTime());
  assert.deepEqual(times, [...times].sort((a, b) => a - b), "ordered by start time");
  const f = r.value.find((x) => x.name === files[3].file_name)!;
  assert.deepEqual([f.runNumber, f.subrun, f.stream, f.dataTier, f.sizeBytes, f.eventCount, f.detector], [1000, 3, "numi", "raw", 1_500_000_003, 103, "far"]);
  assert.equal(f.metadata["nova.detectorid"], "fd");
  const [list, meta] = mock.requests;
  assert.equal(list.path, "/sam/nova/api/files/list");
  assert.equal(list.query.get("dims"), "defname: nova_raw");
  assert.equal(list.query.get("format"), "json");
  assert.equal(list.headers.authorization, "Bearer tok-123");
  assert.equal(meta.method, "POST");
  assert.equal(new URLSearchParams(meta.body).getAll("file_name").length, expected.length);
});

test("counts, queries, nested definitions, unknown definitions and bad dimensions", async () => {
  assert.deepEqual(await sam.countFiles(1, "nova_raw_r1000"), { ok: true, value: 7 });
  const q = await sam.queryFiles(1, "data_stream numi and run_number 1001");
  assert.ok(q.ok && q.value.length === 5 && q.value.every((f) => f.runNumber === 1001 && f.stream === "numi"));
  const unknown = await sam.datasetFiles(1, "no_such_def");
  assert.equal(!unknown.ok && unknown.kind, "not_found");
  assert.equal(await sam.countFiles(1, "no_such_def").then((r) => !r.ok && r.kind), "not_found");
  const bad = await sam.queryFiles(1, "data_tier");
  assert.equal(!bad.ok && bad.kind, "http", "a bad query is SAM's 400, not an empty list");
  const defs = await sam.listDatasets(1);
  assert.deepEqual(defs, { ok: true, value: [{ name: "nova_raw", files: -1 }, { name: "nova_raw_r1000", files: -1 }] });
});

test("declaring posts samweb metadata with parents, adds the location, and a second declare of the same file is not an error", async () => {
  const out = { name: "nova_reco_r1000_s003.root", size: 4321, parents: [files[3].file_name], metadata: { run_number: 1000, subrun: 3, data_tier: "reco", data_stream: "numi", "nova.release": "v3.2.1" }, location: "dcache:/pnfs/nova/reco/00" };
  const r = await sam.declareFiles(1, [out, { name: "nova_hist.root", size: 10, parents: [], metadata: {} }]);
  assert.deepEqual(r, { ok: true, value: { declared: 2, located: 1 } });
  const posted = mock.scenario.declared.find((d) => d.file_name === out.name)!;
  assert.deepEqual(posted, { "nova.release": "v3.2.1", file_name: out.name, file_size: 4321, data_tier: "reco", data_stream: "numi", runs: [[1000, 3, "physics"]], parents: [{ file_name: files[3].file_name }] });
  assert.deepEqual(mock.scenario.locations[out.name], ["dcache:/pnfs/nova/reco/00"]);
  const again = await sam.declareFiles(1, [out]);
  assert.ok(again.ok, "409 already exists is fine");
  const loc = await sam.locations(1, [files[0].file_name, out.name, "unknown.root"]);
  assert.deepEqual(loc, { ok: true, value: { [files[0].file_name]: ["enstore:/pnfs/nova/raw/00/10", "dcache:/pnfs/fnal.gov/usr/nova/raw"], [out.name]: ["dcache:/pnfs/nova/reco/00", "dcache:/pnfs/nova/reco/00"], "unknown.root": [] } });
});

test("locations are asked in chunks of 50 names", async () => {
  mock.requests.length = 0;
  const many = Array.from({ length: 120 }, (_, i) => `x${i}.root`);
  const r = await sam.locations(1, many);
  assert.ok(r.ok && Object.keys(r.value).length === 120);
  assert.deepEqual(mock.requests.map((q) => q.query.getAll("file_name").length), [50, 50, 20]);
});

test("project progress from the project summary (completed counts as consumed, as in the original POMS)", async () => {
  const r = await sam.projectProgress(1, "nova_reco_proj_42");
  assert.deepEqual(r, { ok: true, value: { state: "active", rawState: "running", files: 20, consumed: 10, failed: 2, skipped: 1, delivered: 3, unknown: 4, percent: 65 } });
  assert.equal(mock.requests.at(-1)!.query.get("process_limit"), "0");
  const missing = await sam.projectProgress(1, "nope");
  assert.equal(!missing.ok && missing.kind, "not_found");
});

const KIND = FAULT_KIND;

const READS: [string, () => Promise<{ ok: boolean; kind?: string }>, Fault[]?][] = [
  ["GET /sam/:exp/api/files/list", () => sam.datasetFiles(1, "nova_raw")],
  ["POST /sam/:exp/api/files/metadata", () => sam.datasetFiles(1, "nova_raw")],
  // A text integer cut short still reads as a (smaller) number: the count is for display, never for slicing.
  ["GET /sam/:exp/api/files/count", () => sam.countFiles(1, "nova_raw"), ["truncated"]],
  ["GET /sam/:exp/api/files/locations", () => sam.locations(1, [files[0].file_name])],
  ["GET /sam/:exp/api/projects/name/:project/summary", () => sam.projectProgress(1, "nova_reco_proj_42")],
  ["GET /sam/:exp/api/definitions/list", () => sam.listDatasets(1), ["truncated"]],
];

for (const [route, read, skip = []] of READS) {
  for (const fault of FAULTS.filter((f) => !skip.includes(f))) {
    test(`${route}: fault “${fault}” is a ${KIND[fault]} failure, never an empty answer`, async () => {
      mock.fault(route, fault, 1);
      const r = await read();
      assert.equal(r.ok, false, `${fault} on ${route} must not succeed`);
      assert.equal(r.kind, KIND[fault]);
      mock.clearFaults();
    });
  }
}

for (const fault of ["timeout", "reset", "http503", "auth401"] as Fault[]) {
  test(`declaring: fault “${fault}” stops with a ${KIND[fault]} failure that says how far it got`, async () => {
    mock.fault("POST /sam/:exp/api/files", fault, 1);
    const r = await samCatalogue({ baseUrl: base, timeoutMs: 2000, concurrency: 1 }).declareFiles(1, [{ name: `f_${fault}.root`, size: 1, parents: [], metadata: {} }]);
    assert.equal(!r.ok && r.kind, KIND[fault]);
    assert.match(!r.ok ? r.message : "", /0 of 1 declared/);
    mock.clearFaults();
  });
}

test("with a backoff, a failing SAM is skipped for a while without being asked", async () => {
  let now = 1_000_000;
  const backoff = new EndpointBackoff(30_000, 600_000);
  const client = samCatalogue({ baseUrl: base, timeoutMs: 2000, backoff, now: () => now });
  mock.fault("GET /sam/:exp/api/files/count", "http503", 1);
  assert.equal(await client.countFiles(1, "nova_raw").then((r) => !r.ok && r.kind), "http");
  const before = mock.requests.length;
  const skipped = await client.countFiles(1, "nova_raw");
  assert.ok(!skipped.ok && /failed recently/.test(skipped.message));
  assert.equal(mock.requests.length, before, "not asked");
  now += 30_000;
  assert.deepEqual(await client.countFiles(1, "nova_raw"), { ok: true, value: 20 });
});
