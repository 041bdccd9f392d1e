import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { errorResponse, requestIdOf } from "./route";
import { DomainError } from "@/lib/errors";

test("errors become JSON with stable codes: domain errors and validation 4xx, a unique-constraint race 409, the rest 500", async () => {
  const body = async (r: Response) => ({ status: r.status, ...(await r.json()).error });
  assert.deepEqual((await body(errorResponse(new DomainError("forbidden", "No."), "rid-12345678"))).status, 403);
  const zod = z.strictObject({ a: z.string() }).safeParse({ a: 1, b: 2 });
  const v = await body(errorResponse(zod.error, "rid-12345678"));
  assert.equal(v.status, 400);
  assert.match(v.message, /Unknown field "b"/);
  const race = await body(errorResponse(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }), "rid-12345678"));
  assert.equal(race.status, 409);
  assert.equal(race.code, "conflict");
  const original = console.error;
  console.error = () => {};
  try {
    const boom = await body(errorResponse(new Error("boom"), "rid-12345678"));
    assert.equal(boom.status, 500);
    assert.equal(boom.requestId, "rid-12345678");
    assert.doesNotMatch(boom.message, /boom/);
  } finally {
    console.error = original;
  }
});

test("a caller's request id is kept only when it looks like one", () => {
  const req = (id?: string) => new Request("http://x/", { headers: id ? { "x-request-id": id } : {} });
  assert.equal(requestIdOf(req("abc-123_XYZ.9")), "abc-123_XYZ.9");
  for (const bad of ["short", "has space in it", "a".repeat(65), "evil<script>00"]) assert.notEqual(requestIdOf(req(bad)), bad);
  assert.match(requestIdOf(req()), /^[0-9a-f-]{36}$/);
});
