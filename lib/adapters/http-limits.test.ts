import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { httpText, remoteExcerpt } from "./http";

// A server that streams an endless body without a length, counting what it managed to write.
let written = 0;
let closed = false;
const server = http.createServer((req, res) => {
  if (req.url === "/endless") {
    res.writeHead(200, { "content-type": "text/plain" });
    const chunk = Buffer.alloc(64 * 1024, 97);
    const pump = () => {
      while (!closed && res.write(chunk)) written += chunk.length;
      if (!closed) res.once("drain", () => ((written += chunk.length), pump()));
    };
    res.on("close", () => (closed = true));
    pump();
    return;
  }
  if (req.url === "/declared") {
    res.writeHead(200, { "content-type": "text/plain", "content-length": String(10 * 1024 * 1024) });
    res.write("x");
    return; // never finishes: the client must give up on the declared length alone
  }
  if (req.url === "/error") {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(`token=abc\u0000\u001b[31m ${"secret ".repeat(200)}`);
    return;
  }
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("small answer é");
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => {
  server.closeAllConnections();
  server.close();
});

test("a body past its cap is abandoned while streaming, not read in full first", async () => {
  const r = await httpText({ url: `${base}/endless`, maxBytes: 1024 * 1024, timeoutMs: 5000 });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.kind, "parse");
    assert.match(r.message, /larger than 1 MB/);
  }
  await new Promise((res) => setTimeout(res, 100));
  assert.equal(closed, true, "the client closed the connection");
  assert.ok(written < 16 * 1024 * 1024, `the server could write only a bounded amount (${written} bytes)`);
});

test("a declared length past the cap is refused before reading (no time-out waiting for it)", async () => {
  const started = Date.now();
  const r = await httpText({ url: `${base}/declared`, maxBytes: 1024 * 1024, timeoutMs: 3000 });
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.message, /larger than 1 MB/);
  assert.ok(Date.now() - started < 2000);
});

test("an answer within the cap is read whole, multi-byte characters intact", async () => {
  const r = await httpText({ url: `${base}/small`, maxBytes: 1024 });
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.value.text, "small answer é");
});

test("an error body is echoed only as a short cleaned excerpt", async () => {
  const r = await httpText({ url: `${base}/error` });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.ok(r.message.length <= 140, r.message);
    assert.doesNotMatch(r.message, /[\u0000-\u001f]/);
    assert.match(r.message, /^HTTP 500: token=abc/);
  }
  assert.equal(remoteExcerpt("a\n\n  b\tc"), "a b c");
  assert.equal(remoteExcerpt("x".repeat(500)).length, 120);
});
