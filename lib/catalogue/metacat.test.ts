import { test, after } from "node:test";
import assert from "node:assert/strict";
import { metacatCatalogue, parseJsonSeq } from "./metacat";
import { startMetacatMock, type MetacatFile } from "@/lib/testing/mocks/metacat";
import { startDispatcherMock } from "@/lib/testing/mocks/dispatcher";
import { FAULTS, type Fault } from "@/lib/testing/mock-server";
import { success } from "@/lib/adapters/result";

const files: MetacatFile[] = Array.from({ length: 25 }, (_, i) => ({
  fid: `${1000 + i}`,
  namespace: i === 24 ? "usertests" : "dune",
  name: `np04_raw_run${5200 + Math.floor(i / 5)}_${String(i % 5).padStart(4, "0")}${i % 7 === 0 ? "_dl1" : ""}.hdf5`,
  size: 4_000_000_000 + i * 17,
  metadata: {
    "core.runs": [5200 + Math.floor(i / 5)],
    "core.runs_subruns": [(5200 + Math.floor(i / 5)) * 100000 + (i % 5)],
    "core.data_tier": i % 4 === 3 ? "full-reconstructed" : "raw",
    "core.data_stream": i % 2 ? "physics" : "cosmics",
    "core.run_type": i < 12 ? "hd-protodune" : "fardet-vd",
    "core.start_time": 1_790_000_000 + (25 - i) * 600 + (i % 3) * 0.5,
    "core.end_time": 1_790_000_000 + (25 - i) * 600 + 300,
    "core.event_count": 50 + i,
    "DUNE.campaign": "PDHD2026",
  },
}));

const metacat = await startMetacatMock(
  { files, datasets: { "dune:pdhd_raw": files.filter((f) => f.metadata["core.data_tier"] === "raw").map((f) => `${f.namespace}:${f.name}`), "dune:poms-outputs": [], "dune:empty": [] } },
  { slowMs: 4000 },
);
const dd = await startDispatcherMock(
  {
    projects: [
      {
        project_id: 77,
        owner: "duneprod",
        state: "active",
        file_handles: [
          ...Array.from({ length: 6 }, (_, i) => ({ namespace: "dune", name: `f${i}`, state: "done" as const, attempts: 1, worker_id: "w1" })),
          { namespace: "dune", name: "g1", state: "failed", attempts: 3, worker_id: null },
          { namespace: "dune", name: "g2", state: "reserved", attempts: 1, worker_id: "w2" },
          { namespace: "dune", name: "g3", state: "initial", attempts: 0, worker_id: null },
          { namespace: "dune", name: "g4", state: "initial", attempts: 0, worker_id: null },
        ],
      },
    ],
  },
  { slowMs: 4000 },
);
after(() => Promise.all([metacat.close(), dd.close()]));

const client = (extra: Partial<Parameters<typeof metacatCatalogue>[0]> = {}) =>
  metacatCatalogue({ metacatUrl: `${metacat.url}/dune_meta_prod/app`, dispatcherUrl: `${dd.url}/dune/dd/data`, namespace: "dune", token: "mc-token", timeoutMs: 2000, ...extra });
const mc = client();

test("json-seq: records separated by RS and LF; a record cut short is a parse failure", () => {
  assert.deepEqual(parseJsonSeq('\u001e{"a":1}\n\u001e{"a":2}\n'), success([{ a: 1 }, { a: 2 }]));
  assert.deepEqual(parseJsonSeq(""), success([]));
  assert.equal(parseJsonSeq('\u001e{"a":1}\n\u001e{"a":').ok, false);
  assert.equal(parseJsonSeq('\u001e{"a":1}\n\u001e{"a"\n').ok, false);
});

test("a dataset's files with MetaCat's core metadata, checked against the dataset's own count", async () => {
  metacat.requests.length = 0;
  const r = await mc.datasetFiles(2, "pdhd_raw");
  assert.ok(r.ok, !r.ok ? r.message : "");
  if (!r.ok) return;
  const raw = files.filter((f) => f.metadata["core.data_tier"] === "raw");
  assert.equal(r.value.length, raw.length);
  const f = r.value.find((x) => x.name === files[6].name)!;
  assert.deepEqual([f.runNumber, f.subrun, f.detector, f.stream, f.dataTier, f.eventCount, f.sizeBytes], [5201, 1, "hd-protodune", "cosmics", "raw", 56, 4_000_000_102]);
  assert.equal(f.startTime?.getTime(), (1_790_000_000 + 19 * 600) * 1000);
  assert.ok(r.value.some((x) => x.name === `usertests:${files[24].name}`), "a file of another namespace keeps its DID");
  const times = r.value.map((x) => x.startTime!.getTime());
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  const [list, count] = metacat.requests;
  assert.equal(list.path, "/dune_meta_prod/app/data/dataset_files");
  assert.equal(list.query.get("dataset"), "dune:pdhd_raw");
  assert.equal(list.query.get("with_metadata"), "yes");
  assert.equal(list.headers["x-authentication-token"], "mc-token");
  assert.equal(count.path, "/dune_meta_prod/app/data/dataset");
  assert.deepEqual(await mc.countFiles(2, "dune:pdhd_raw"), { ok: true, value: raw.length });
  assert.deepEqual(await mc.datasetFiles(2, "empty"), { ok: true, value: [] }, "an empty dataset is empty when MetaCat counts 0");
  const missing = await mc.datasetFiles(2, "nope");
  assert.equal(!missing.ok && missing.kind, "not_found");
  const list2 = await mc.listDatasets(2);
  assert.ok(list2.ok && list2.value.some((d) => d.name === "pdhd_raw" && d.files === raw.length));
});

test("MQL queries post the query text and are checked against summary=count; a bad query is MetaCat's 400", async () => {
  metacat.requests.length = 0;
  const r = await mc.queryFiles(2, "files from dune:pdhd_raw where core.data_stream = physics and core.runs in 5201:5203");
  assert.ok(r.ok, !r.ok ? r.message : "");
  if (r.ok) assert.ok(r.value.length > 0 && r.value.every((f) => f.stream === "physics" && f.runNumber! >= 5201 && f.runNumber! <= 5203));
  assert.equal(metacat.requests[0].method, "POST");
  assert.match(metacat.requests[0].body, /^files from dune:pdhd_raw where/);
  assert.equal(metacat.requests[1].query.get("summary"), "count");
  const none = await mc.queryFiles(2, "files where core.data_tier = nothing");
  assert.deepEqual(none, { ok: true, value: [] }, "no results is [] as application/json");
  const bad = await mc.queryFiles(2, "give me files");
  assert.equal(!bad.ok && bad.kind, "http");
});

test("declaring sends MetaCat's file list with dotted metadata and parents; declaring again declares only the new ones", async () => {
  const out = { name: "np04_reco_run5201_0001.root", size: 123, parents: [files[6].name], metadata: { run_number: 5201, subrun: 1, detector: "hd-protodune", data_tier: "full-reconstructed", release: "v10" } };
  const r = await mc.declareFiles(2, [out]);
  assert.deepEqual(r, { ok: true, value: { declared: 1, located: 0 } });
  const sent = metacat.scenario.declared.at(-1) as Record<string, unknown>;
  assert.deepEqual(sent, {
    namespace: "dune",
    name: out.name,
    size: 123,
    metadata: { "poms.release": "v10", "core.runs": [5201], "core.runs_subruns": [520100001], "core.run_type": "hd-protodune", "core.data_tier": "full-reconstructed" },
    parents: [{ namespace: "dune", name: files[6].name }],
  });
  assert.ok(metacat.scenario.datasets["dune:poms-outputs"].includes(`dune:${out.name}`));
  const second = { ...out, name: "np04_reco_run5201_0002.root" };
  const again = await mc.declareFiles(2, [out, second]);
  assert.deepEqual(again, { ok: true, value: { declared: 2, located: 0 } });
  assert.equal((metacat.scenario.declared.at(-1) as { name: string }).name, second.name, "only the new file went the second time");
  const anonymous = await client({ token: undefined }).declareFiles(2, [{ ...out, name: "x.root" }]);
  assert.equal(!anonymous.ok && anonymous.kind, "auth");
  const noDataset = await client({ outputDataset: "dune:nowhere" }).declareFiles(2, [{ ...out, name: "y.root" }]);
  assert.equal(!noDataset.ok && noDataset.kind, "http");
});

test("Data Dispatcher project progress: done is consumed, reserved delivered, initial unknown; percent is (done + failed) / handles", async () => {
  const r = await mc.projectProgress(2, "77");
  assert.deepEqual(r, { ok: true, value: { state: "active", rawState: "active", files: 10, consumed: 6, failed: 1, skipped: 0, delivered: 1, unknown: 2, percent: 70 } });
  assert.equal(dd.requests.at(-1)!.query.get("with_files"), "yes");
  assert.equal(await mc.projectProgress(2, "78").then((x) => !x.ok && x.kind), "not_found");
  assert.equal(await mc.projectProgress(2, "abc").then((x) => !x.ok && x.kind), "not_found");
  assert.equal(await client({ dispatcherUrl: null }).projectProgress(2, "77").then((x) => !x.ok && /No Data Dispatcher URL/.test(x.message)), true);
});

test("locations come from what the dropbox recorded (MetaCat keeps none)", async () => {
  const asked: string[][] = [];
  const c = client({ fallbackLocations: async (names) => (asked.push(names), success({ a: ["rucio:dune:a"] })) });
  assert.deepEqual(await c.locations(2, ["a"]), { ok: true, value: { a: ["rucio:dune:a"] } });
  assert.deepEqual(asked, [["a"]]);
  assert.deepEqual(await mc.locations(2, ["a"]), { ok: true, value: { a: [] } });
});

const KIND: Record<Fault, string[]> = {
  timeout: ["timeout"],
  hang: ["timeout"],
  reset: ["network"],
  http500: ["http"],
  http502: ["http"],
  http503: ["http"],
  auth401: ["auth"],
  auth403: ["auth"],
  // A json-seq cut exactly after a record still parses: the count check then refuses it.
  truncated: ["parse", "schema"],
  "wrong-content-type": ["parse"],
  empty: ["parse"],
};

const READS: [string, () => Promise<{ ok: boolean; kind?: string }>][] = [
  ["GET /dune_meta_prod/app/data/dataset_files", () => mc.datasetFiles(2, "pdhd_raw")],
  ["GET /dune_meta_prod/app/data/dataset", () => mc.datasetFiles(2, "pdhd_raw")],
  ["POST /dune_meta_prod/app/data/query", () => mc.queryFiles(2, "files from dune:pdhd_raw")],
  ["GET /dune_meta_prod/app/data/datasets", () => mc.listDatasets(2)],
];

for (const [route, read] of READS) {
  for (const fault of FAULTS) {
    test(`MetaCat ${route}: fault “${fault}” is a typed failure (${KIND[fault].join(" or ")}), never an empty list`, async () => {
      metacat.fault(route, fault, 1);
      const r = await read();
      assert.equal(r.ok, false);
      assert.ok(KIND[fault].includes(r.kind!), `${fault}: got ${r.kind}`);
      metacat.clearFaults();
    });
  }
}

for (const fault of FAULTS) {
  test(`Data Dispatcher project: fault “${fault}” is a typed failure`, async () => {
    dd.fault("GET /dune/dd/data/project", fault, 1);
    const r = await mc.projectProgress(2, "77");
    assert.equal(r.ok, false);
    assert.ok(KIND[fault].includes(!r.ok ? r.kind : ""), `${fault}: got ${!r.ok && r.kind}`);
    dd.clearFaults();
  });
}
