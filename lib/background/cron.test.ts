import { test } from "node:test";
import assert from "node:assert/strict";
import { bearerMatches, cronRoute } from "./cron";

const SECRET = "s".repeat(40);
const ok = async () => new Response("ran", { status: 200 });
const call = (route: (r: Request) => Promise<Response>, auth?: string) => route(new Request("http://x/api/cron/refresh", { method: "POST", headers: auth ? { authorization: auth } : {} }));

test("the bearer secret must match exactly", () => {
  assert.equal(bearerMatches(`Bearer ${SECRET}`, SECRET), true);
  for (const wrong of [null, "", SECRET, `bearer ${SECRET}`, `Bearer ${SECRET} `, `Bearer ${SECRET.slice(1)}`, `Bearer ${SECRET}x`]) assert.equal(bearerMatches(wrong, SECRET), false, String(wrong));
});

test("no secret configured: 503 and the handler never runs", async () => {
  let ran = false;
  const route = cronRoute(async () => ((ran = true), ok()), () => undefined);
  const res = await call(route, `Bearer ${SECRET}`);
  assert.equal(res.status, 503);
  assert.match((await res.json()).error.message, /POMS_CRON_SECRET/);
  assert.equal(ran, false);
});

test("a wrong or missing secret is a 401; the right one runs the handler", async () => {
  const route = cronRoute(ok, () => SECRET);
  assert.equal((await call(route)).status, 401);
  assert.equal((await call(route, "Bearer nope")).status, 401);
  const res = await call(route, `Bearer ${SECRET}`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "ran");
});

test("a handler's failure is a JSON error with a request id, not a crash", async () => {
  const route = cronRoute(async () => {
    throw new Error("boom");
  }, () => SECRET);
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => void errors.push(a);
  try {
    const res = await call(route, `Bearer ${SECRET}`);
    assert.equal(res.status, 500);
    assert.ok((await res.json()).error.requestId);
  } finally {
    console.error = original;
  }
  assert.equal(errors.length, 1);
});
