import { test } from "node:test";
import assert from "node:assert/strict";
import { EndpointBackoff } from "./backoff";

test("a failing endpoint is skipped for a doubling while, capped; a success resets it", () => {
  const b = new EndpointBackoff(30_000, 600_000);
  assert.deepEqual(b.allowed("lens", 0), { ok: true });
  assert.equal(b.failed("lens", 0).until, 30_000);
  assert.deepEqual(b.allowed("lens", 29_999), { ok: false, until: 30_000 });
  assert.deepEqual(b.allowed("lens", 30_000), { ok: true });
  assert.equal(b.failed("lens", 30_000).until, 90_000);
  for (let i = 0; i < 10; i++) b.failed("lens", 100_000);
  assert.equal(b.allowed("lens", 100_000).ok, false);
  assert.equal((b.allowed("lens", 100_000) as { until: number }).until, 700_000, "capped at 10 minutes");
  assert.deepEqual(b.allowed("sam", 100_000), { ok: true }, "per endpoint");
  b.succeeded("lens");
  assert.deepEqual(b.allowed("lens", 100_001), { ok: true });
});
