import { test, after } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { httpJson, httpText, inBatches } from "./http";
import { startMockServer, FAULTS, FAULT_KIND } from "@/lib/testing/mock-server";
import { FAILURE_KINDS } from "./result";

// A small stand-in for a real system's endpoint: a LENS-like GraphQL answer whose counts follow the clock.
const answer = z.object({ data: z.object({ j0: z.object({ id: z.string(), running: z.number(), completed: z.number() }).nullable() }) });
const mock = await startMockServer({
  scenario: { started: 1_764_316_800 },
  startAt: 1_764_316_800,
  slowMs: 5000, // well past the client's limit below, which leaves a loaded machine room to answer good requests
  routes: {
    "POST /lens/query": (req, { now, scenario }) => ({ json: { data: { j0: { id: "123.0@jobsub01.fnal.gov", running: 10, completed: Math.floor((now - scenario.started) / 60) } } } }),
    "GET /sam/nova/api/files/count": () => ({ text: "1234" }),
  },
});
after(() => mock.close());

const query = (headers: Record<string, string> = {}) =>
  httpJson({ url: `${mock.url}/lens/query`, method: "POST", body: JSON.stringify({ query: "{j0:submission(id:\"123.0@jobsub01.fnal.gov\"){id running completed}}" }), headers: { "content-type": "application/json", ...headers }, timeoutMs: 1500 }, answer);

test("a good answer is a value checked against its schema, and the request is logged with its body and time", async () => {
  mock.clock.advance(600);
  const r = await query();
  assert.ok(r.ok);
  assert.equal(r.value.data.j0?.completed, 10);
  const last = mock.requests.at(-1)!;
  assert.match(last.body, /submission\(id:/);
  assert.equal(last.at, 1_764_316_800 + 600);
});

const EXPECTED = FAULT_KIND;

for (const fault of FAULTS) {
  test(`fault "${fault}" becomes a failure of kind ${EXPECTED[fault]}, never an exception`, async () => {
    mock.fault("POST /lens/query", fault, 1);
    const r = await query();
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.kind, EXPECTED[fault]);
      assert.ok(FAILURE_KINDS.includes(r.kind));
      assert.ok(r.message.length > 5);
    }
    const next = await query();
    assert.ok(next.ok, "the fault was injected once only");
  });
}

test("a fault by header, a refused connection, an unknown route and an answer of the wrong shape", async () => {
  const viaHeader = await query({ "x-mock-fault": "http503" });
  assert.equal(!viaHeader.ok && viaHeader.status, 503);
  const refused = await httpText({ url: "http://127.0.0.1:9/nothing", timeoutMs: 500 });
  assert.equal(!refused.ok && refused.kind, "network");
  const missing = await httpText({ url: `${mock.url}/no/such/route` });
  assert.equal(!missing.ok && missing.kind, "not_found");
  const wrongShape = await httpJson({ url: `${mock.url}/lens/query`, method: "POST", body: "{}" }, z.object({ data: z.object({ j0: z.object({ held: z.number() }) }) }));
  assert.equal(!wrongShape.ok && wrongShape.kind, "schema");
});

test("the control endpoints: fault, clock and request log over HTTP", async () => {
  await fetch(`${mock.url}/__mock/fault`, { method: "POST", body: JSON.stringify({ route: "GET /sam/nova/api/files/count", fault: "auth401", times: 1 }) });
  const r = await httpText({ url: `${mock.url}/sam/nova/api/files/count` });
  assert.equal(!r.ok && r.kind, "auth");
  const before = mock.clock.now();
  await fetch(`${mock.url}/__mock/clock`, { method: "POST", body: JSON.stringify({ advance: 120 }) });
  assert.equal(mock.clock.now(), before + 120);
  const log = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as { path: string }[];
  assert.ok(log.some((e) => e.path === "/sam/nova/api/files/count"));
  const bad = await fetch(`${mock.url}/__mock/fault`, { method: "POST", body: JSON.stringify({ route: "x", fault: "meteor" }) });
  assert.equal(bad.status, 400);
});

test("inBatches keeps order and never has more than the limit in flight", async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await inBatches([...Array(20).keys()], 4, async (i) => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return i * 2;
  });
  assert.deepEqual(out, [...Array(20).keys()].map((i) => i * 2));
  assert.equal(peak, 4);
});
