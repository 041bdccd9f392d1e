import { test, after } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "./clients";
import { startSamMock } from "@/lib/testing/mocks/sam";
import { startMetacatMock } from "@/lib/testing/mocks/metacat";

// Read once by lib/env.ts on first use, so set before any client is made.
process.env.POMS_CATALOGUE_ALLOW_HTTP = "1";
process.env.POMS_CATALOGUE_TOKEN = "server-wide-secret";
process.env.POMS_CATALOGUE_TOKEN_HOSTS = "localhost, .fnal.gov";

const sam = await startSamMock({ files: [{ file_name: "a.root", file_id: 1, file_size: 1, data_tier: "raw" }], definitions: { raw: "data_tier raw" } });
const metacat = await startMetacatMock({ files: [{ fid: "1", namespace: "tok", name: "a.hdf5", size: 5, metadata: {} }], datasets: { "tok:raw": ["tok:a.hdf5"] } });
after(() => Promise.all([sam.close(), metacat.close()]));

const port = (url: string) => new URL(url).port;

test("the catalogue token goes only to hosts on POMS_CATALOGUE_TOKEN_HOSTS", async () => {
  // 127.0.0.1 is not on the list: asked without the token.
  const unlisted = clientFor({ id: 1, name: "tok", catalogueKind: "SAM", catalogueUrl: `${sam.url}/sam/tok/api`, dispatcherUrl: null });
  assert.equal((await unlisted.countFiles(1, "raw")).ok, true);
  assert.equal(sam.requests.at(-1)!.headers.authorization, undefined);
  // localhost is: asked with it.
  const listed = clientFor({ id: 1, name: "tok", catalogueKind: "SAM", catalogueUrl: `http://localhost:${port(sam.url)}/sam/tok/api`, dispatcherUrl: null });
  assert.equal((await listed.countFiles(1, "raw")).ok, true);
  assert.equal(sam.requests.at(-1)!.headers.authorization, "Bearer server-wide-secret");

  const mcUnlisted = clientFor({ id: 2, name: "tok", catalogueKind: "METACAT", catalogueUrl: `${metacat.url}/dune_meta_prod/app`, dispatcherUrl: null });
  assert.equal((await mcUnlisted.countFiles(2, "raw")).ok, true);
  assert.equal(metacat.requests.at(-1)!.headers["x-authentication-token"], undefined);
  // A listed MetaCat with an unlisted dispatcher: the one token would reach the dispatcher, so neither gets it.
  const mixed = clientFor({ id: 2, name: "tok", catalogueKind: "METACAT", catalogueUrl: `http://localhost:${port(metacat.url)}/dune_meta_prod/app`, dispatcherUrl: `${metacat.url}/dd` });
  assert.equal((await mixed.countFiles(2, "raw")).ok, true);
  assert.equal(metacat.requests.at(-1)!.headers["x-authentication-token"], undefined);
  const both = clientFor({ id: 2, name: "tok", catalogueKind: "METACAT", catalogueUrl: `http://localhost:${port(metacat.url)}/dune_meta_prod/app`, dispatcherUrl: null });
  assert.equal((await both.countFiles(2, "raw")).ok, true);
  assert.equal(metacat.requests.at(-1)!.headers["x-authentication-token"], "server-wide-secret");
});

test("an address saved before the rules (private, link-local) is never called", async () => {
  const before = sam.requests.length;
  for (const url of ["https://169.254.169.254/latest", "https://10.0.0.8/sam/api", "http://samnova.fnal.gov/api"]) {
    const c = clientFor({ id: 3, name: "old", catalogueKind: "SAM", catalogueUrl: url, dispatcherUrl: null });
    const r = await c.countFiles(3, "raw");
    assert.equal(r.ok, false, url);
    if (!r.ok) assert.match(r.message, /old's data handling cannot be used/);
  }
  assert.equal(sam.requests.length, before);
});
