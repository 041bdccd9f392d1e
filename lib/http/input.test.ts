import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { cleanFields, cleanJson, cleanText, intId, intIdText, parseJson, MAX_INT } from "./input";
import { describeZodError } from "./zod-messages";
import { DomainError } from "@/lib/errors";

test("ids as text: plain positive digits within PostgreSQL's integer", () => {
  const id = intIdText();
  for (const ok of ["1", "42", String(MAX_INT)]) assert.equal(id.parse(ok), Number(ok));
  for (const bad of ["0", "-1", "01", "1e3", "1.0", " 1", "2147483648", "99999999999", "", "0x10", "１"]) assert.equal(id.safeParse(bad).success, false, bad);
});

test("ids in JSON: whole numbers within range", () => {
  for (const bad of [0, -1, 1.5, MAX_INT + 1, Number.MAX_SAFE_INTEGER, Infinity, NaN, "1", null]) assert.equal(intId().safeParse(bad).success, false, String(bad));
  assert.equal(intId().parse(1e3), 1000);
});

test("the text normaliser: NUL, control and bidi characters go; lone surrogates become U+FFFD; CRLF becomes LF", () => {
  assert.equal(cleanText("a\u0000b"), "ab");
  assert.equal(cleanText("x\ud800y"), "x\ufffdy");
  assert.equal(cleanText("\udfffz"), "\ufffdz");
  assert.equal(cleanText("l1\r\nl2\rl3"), "l1\nl2\nl3");
  assert.equal(cleanText("evil\u202egnp.exe"), "evilgnp.exe");
  assert.equal(cleanText("tab\tkept"), "tab\tkept");
  assert.equal(cleanText("e\u0301"), "\u00e9"); // NFC
});

test("cleanJson cleans strings and keys at every depth and keeps __proto__ an ordinary key", () => {
  const v = cleanJson(JSON.parse('{"a\\u0000":["x\\u0000",{"b":"\\ud800"}],"__proto__":{"polluted":true}}')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ["a", "__proto__"]);
  assert.deepEqual((v.a as unknown[])[0], "x");
  assert.equal(((v.a as unknown[])[1] as { b: string }).b, "\ufffd");
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  let deep: unknown = 1;
  for (let i = 0; i < 10_000; i++) deep = [deep];
  assert.throws(() => cleanJson(deep), (e: unknown) => e instanceof DomainError && e.code === "invalid_input");
});

const req = (body: string, type = "application/json") => new Request("http://x/", { method: "POST", headers: { "content-type": type }, body });

test("parseJson: not JSON, wrong type, too large and unknown fields are 400s that say why", async () => {
  const schema = z.strictObject({ name: z.string() });
  const code = async (r: Request) => parseJson(r, schema).then(() => "ok", (e) => (e instanceof DomainError ? e.code : e.name));
  assert.equal(await code(req("{")), "invalid_input");
  assert.equal(await code(req('{"name":"x"}', "text/plain")), "invalid_input");
  assert.equal(await code(req(JSON.stringify({ name: "x".repeat(300_000) }))), "invalid_input");
  assert.equal(await code(req('{"name":"x"}')), "ok");
  const err = await parseJson(req('{"name":"x","status":"DONE","id":3}'), schema).catch((e) => e);
  assert.match(describeZodError(err), /Unknown fields "status", "id"/);
});

test("cleanFields takes the first value of each name, cleaned", () => {
  const f = cleanFields(new URLSearchParams("q=%00abc&q=second&x=%E2%80%AEy"));
  assert.equal(f.q, "abc");
  assert.equal(f.x, "y");
});
