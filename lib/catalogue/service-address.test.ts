import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTokenHosts, refuseServiceAddress, tokenGoesTo } from "./service-address";

const strict = { allowHttpLoopback: false };
const dev = { allowHttpLoopback: true };
const check = (url: string, rules = strict) => refuseServiceAddress(url, "The address", rules);

test("public https servers are accepted", () => {
  for (const u of ["https://samnova.fnal.gov:8483/sam/nova/api", "https://metacat.fnal.gov:9443/dune_meta_prod/app", "https://8.8.8.8/x", "https://[2001:db8::1]/x", "https://172.32.0.1/"])
    assert.equal(check(u), null, u);
});

test("plain http is refused, except to this machine when the test/development switch is on", () => {
  assert.match(check("http://samnova.fnal.gov/api")!, /must start with https/);
  assert.match(check("http://127.0.0.1:5000/api")!, /must start with https/);
  assert.equal(check("http://127.0.0.1:5000/api", dev), null);
  assert.equal(check("http://localhost:5000/api", dev), null);
  assert.equal(check("http://[::1]:5000/api", dev), null);
  assert.match(check("http://samnova.fnal.gov/api", dev)!, /only on this machine/);
  assert.match(check("http://10.0.0.5/api", dev)!, /only on this machine/);
  assert.match(check("ftp://x.org/api")!, /must start with https/);
  assert.match(check("file:///etc/passwd")!, /must start with https/);
});

test("literal private, loopback, link-local and metadata addresses are refused (in every spelling URL accepts)", () => {
  const inward = [
    "https://127.0.0.1/x",
    "https://localhost/x",
    "https://foo.localhost/x",
    "https://10.1.2.3/x",
    "https://172.16.0.1/x",
    "https://172.31.255.255/x",
    "https://192.168.1.1/x",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/x",
    "https://0.0.0.0/x",
    "https://224.0.0.1/x",
    "https://0x7f.1/x", // 127.0.0.1
    "https://2130706433/x", // 127.0.0.1
    "https://0251.0376.0251.0376/x", // 169.254.169.254 in octal
    "https://[::1]/x",
    "https://[::]/x",
    "https://[fe80::1]/x",
    "https://[fd00::1]/x",
    "https://[::ffff:169.254.169.254]/x",
    "https://[::ffff:10.0.0.1]/x",
    "https://[64:ff9b::a00:1]/x",
  ];
  for (const u of inward) assert.ok(check(u), u);
  assert.match(check("https://169.254.169.254/")!, /private, link-local and loopback addresses are refused/);
});

test("credentials, queries and fragments are refused; nonsense gets an example", () => {
  assert.match(check("https://me:pw@x.org/api")!, /user name or password/);
  assert.match(check("https://x.org/api?a=1")!, /without \? or #/);
  assert.match(check("not a url")!, /full address/);
});

test("the token goes only to listed hosts, over an acceptable address", () => {
  const hosts = parseTokenHosts(" samnova.fnal.gov, .fnal.gov ,,METACAT.example.org");
  assert.deepEqual(hosts, ["samnova.fnal.gov", ".fnal.gov", "metacat.example.org"]);
  assert.equal(tokenGoesTo("https://samnova.fnal.gov:8483/sam/nova/api", ["samnova.fnal.gov"], strict), true);
  assert.equal(tokenGoesTo("https://dbdata0.fnal.gov/x", hosts, strict), true, "domain entry");
  assert.equal(tokenGoesTo("https://fnal.gov/x", hosts, strict), true);
  assert.equal(tokenGoesTo("https://metacat.example.org/app", hosts, strict), true);
  assert.equal(tokenGoesTo("https://evilfnal.gov/x", hosts, strict), false, "suffix without the dot is another domain");
  assert.equal(tokenGoesTo("https://fnal.gov.evil.org/x", hosts, strict), false);
  assert.equal(tokenGoesTo("https://attacker.org/x", hosts, strict), false);
  assert.equal(tokenGoesTo("http://samnova.fnal.gov/x", hosts, strict), false, "never over plain http");
  assert.equal(tokenGoesTo("https://samnova.fnal.gov/x", [], strict), false, "no list, no token");
  assert.equal(tokenGoesTo("http://127.0.0.1:9/x", ["127.0.0.1"], dev), true, "a mock server, when switched on and listed");
  assert.equal(tokenGoesTo("http://127.0.0.1:9/x", ["127.0.0.1"], strict), false);
});

test("a trailing dot names the same host: localhost., foo.localhost. and 127.0.0.1. are refused; site-local fec0::/10 too", () => {
  for (const u of ["https://localhost./x", "https://foo.localhost./x", "https://LOCALHOST./x", "https://127.0.0.1./x", "https://10.0.0.1./x", "https://[fec0::1]/x", "https://[feff::1]/x"]) assert.ok(check(u), u);
  assert.match(check("https://localhost./x")!, /this server itself/);
  // The switch for mock servers still lets this machine through, dot or not; public names with a dot stay fine.
  assert.equal(check("http://localhost.:5000/api", dev), null);
  assert.equal(check("https://samnova.fnal.gov./api"), null);
  assert.equal(check("https://[fe00::1]/x"), null, "just below fe80::/10 is public");
  // IPv6 transition spellings of inward addresses: 6to4 of 127.0.0.1 and 10.0.0.1, and Teredo.
  for (const u of ["https://[2002:7f00:1::]/x", "https://[2002:a00:1::]/x", "https://[2001:0:0:0:0:0:0:1]/x"]) assert.ok(check(u), u);
  assert.equal(check("https://[2002:808:808::]/x"), null, "6to4 of a public address is public");
});
