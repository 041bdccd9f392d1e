// The mock harness survives whatever a client sends (it runs inside `npm start` for the demo's monitors): a path that
// is no valid percent-encoding, a control body that is no JSON, a handler that throws are 4xx/5xx answers, never an
// unhandled rejection; with `control: false` the control routes and the fault header are off.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startMockServer, type MockServer } from "./mock-server";
import { startServiceProbeMock, type ProbeScenario } from "./mocks/service-probes";

const servers: MockServer<unknown>[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function harness(control?: boolean) {
  const m = await startMockServer<null>({
    scenario: null,
    control,
    routes: {
      "GET /echo/:name": (req) => ({ json: { name: req.params.name } }),
      "GET /broken": () => {
        throw new Error("the handler broke");
      },
    },
  });
  servers.push(m as MockServer<unknown>);
  return m;
}

test("a path that is no valid percent-encoding is a 400, and the server keeps answering", async () => {
  const m = await harness();
  const bad = await fetch(`${m.url}/echo/%E0%A4%A`);
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /not valid percent-encoding/);
  const good = await fetch(`${m.url}/echo/pool%20dune`);
  assert.deepEqual(await good.json(), { name: "pool dune" });
});

test("a control body that is no JSON object is a 400; a handler that throws is a 500; the server lives on", async () => {
  const m = await harness();
  for (const body of ["{not json", "null", "[1]"]) {
    const r = await fetch(`${m.url}/__mock/fault`, { method: "POST", body });
    assert.equal(r.status, 400, body);
  }
  const broken = await fetch(`${m.url}/broken`);
  assert.equal(broken.status, 500);
  assert.match(await broken.text(), /the handler broke/);
  assert.equal((await fetch(`${m.url}/echo/x`)).status, 200);
});

test("control off (the demo): /__mock/* is not there and the fault header is ignored", async () => {
  const m = await harness(false);
  assert.equal((await fetch(`${m.url}/__mock/reset`, { method: "POST" })).status, 404);
  assert.equal((await fetch(`${m.url}/__mock/fault`, { method: "POST", body: JSON.stringify({ route: "GET /echo/:name", fault: "hang" }) })).status, 404);
  const r = await fetch(`${m.url}/echo/x`, { headers: { "x-mock-fault": "http503" } });
  assert.equal(r.status, 200);
  // On (the tests' default) both work.
  const on = await harness();
  assert.equal((await fetch(`${on.url}/echo/x`, { headers: { "x-mock-fault": "http503" } })).status, 503);
});

test("the service-probe mock with control off has no POST /control/:name; on, a bad body is a 400", async () => {
  const scenario: ProbeScenario = { services: { pool: { up: true, value: 0.5 } } };
  const demo = await startServiceProbeMock(scenario, { control: false });
  const tests = await startServiceProbeMock(scenario);
  servers.push(demo as MockServer<unknown>, tests as MockServer<unknown>);
  assert.equal((await fetch(`${demo.url}/control/pool`, { method: "POST", body: JSON.stringify({ up: false }) })).status, 404);
  assert.equal(scenario.services.pool.up, true);
  assert.equal((await fetch(`${demo.url}/status/pool`)).status, 200);
  assert.equal((await fetch(`${tests.url}/control/pool`, { method: "POST", body: "null" })).status, 400);
  assert.equal((await fetch(`${tests.url}/status/%E0%A4%A`)).status, 400);
});
