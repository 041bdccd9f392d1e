import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { dataHandlingInput, readDataHandling, setDataHandling } from "./data-handling";

const actor = async (u: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username: u } })).id))!;
const parse = (v: unknown) => dataHandlingInput.safeParse(v);

test("the input: a catalogue with its address, nothing more; clear messages otherwise", () => {
  assert.ok(parse({ catalogueKind: "EMBEDDED" }).success);
  assert.ok(parse({ catalogueKind: "SAM", catalogueUrl: "https://samsbnd.fnal.gov:8483/sam/sbnd/api", ftsUrl: "https://sbndfts.fnal.gov:8888/status" }).success);
  const cases: [unknown, RegExp][] = [
    [{ catalogueKind: "SAM" }, /SAM needs its web address/],
    [{ catalogueKind: "METACAT", catalogueUrl: null }, /MetaCat needs its server address/],
    [{ catalogueKind: "EMBEDDED", catalogueUrl: "https://x.org/api" }, /leave the catalogue address empty/],
    [{ catalogueKind: "SAM", catalogueUrl: "https://x.org/api", dispatcherUrl: "https://y.org/dd" }, /Data Dispatcher goes with MetaCat/],
    [{ catalogueKind: "SAM", catalogueUrl: "ftp://x.org/api" }, /must start with https/],
    [{ catalogueKind: "SAM", catalogueUrl: "https://me:secret@x.org/api" }, /must not contain a user name or password/],
    [{ catalogueKind: "SAM", catalogueUrl: "not a url" }, /must be a full address/],
    [{ catalogueKind: "SAM", catalogueUrl: "https://x.org/api?dims=1" }, /without \? or #/],
    [{ catalogueKind: "SAM", catalogueUrl: "http://samsbnd.fnal.gov/sam/sbnd/api" }, /must start with https:\/\//],
    [{ catalogueKind: "SAM", catalogueUrl: "http://127.0.0.1:8483/sam/sbnd/api" }, /must start with https:\/\//],
    [{ catalogueKind: "SAM", catalogueUrl: "https://169.254.169.254/latest/meta-data" }, /private, link-local and loopback addresses are refused/],
    [{ catalogueKind: "METACAT", catalogueUrl: "https://metacat.fnal.gov/app", dispatcherUrl: "https://10.0.0.7/dd" }, /Data Dispatcher address must be a public server/],
    [{ catalogueKind: "EMBEDDED", ftsUrl: "https://localhost:8888/status" }, /must not point at this server itself/],
    [{ catalogueKind: "RUCIO" }, /Catalogue must be EMBEDDED/],
    [{ catalogueKind: "EMBEDDED", colour: "red" }, /colour/],
  ];
  for (const [input, message] of cases) {
    const r = parse(input);
    assert.equal(r.success, false, JSON.stringify(input));
    if (!r.success) assert.match(r.error.issues.map((i) => i.message + " " + i.path.join(".")).join("; ") + JSON.stringify(r.error.issues), message);
  }
});

test("an administrator changes the catalogue (audited with from and to); the coordinator and members may read but not change it", async () => {
  const sam = await actor("sam"); // SBND coordinator: the server's token and network are not theirs to point
  await assert.rejects(
    setDataHandling(sam, "sbnd", { catalogueKind: "SAM", catalogueUrl: "https://attacker.example.org/api", dispatcherUrl: null, ftsUrl: null }),
    (e: unknown) => e instanceof DomainError && e.code === "forbidden" && /Only an administrator/.test(e.message),
  );
  assert.equal((await db.experiment.findUniqueOrThrow({ where: { name: "sbnd" } })).catalogueUrl, null, "nothing changed");
  const ada = await actor("ada"); // administrator
  const input = parse({ catalogueKind: "SAM", catalogueUrl: "https://samsbnd.fnal.invalid:8483/sam/sbnd/api", ftsUrl: "https://sbndfts.fnal.invalid:8888/status" });
  assert.ok(input.success);
  if (!input.success) return;
  const saved = await setDataHandling(ada, "sbnd", input.data, "req-dh-1");
  assert.deepEqual(saved, { experiment: "sbnd", catalogueKind: "SAM", catalogueUrl: "https://samsbnd.fnal.invalid:8483/sam/sbnd/api", dispatcherUrl: null, ftsUrl: "https://sbndfts.fnal.invalid:8888/status" });
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "experiment.data_handling", requestId: "req-dh-1" } });
  assert.equal(audit.actorId, ada.id);
  assert.deepEqual((audit.data as Record<string, { from: unknown; to: unknown }>).catalogueKind, { from: "EMBEDDED", to: "SAM" });
  const again = await setDataHandling(ada, "sbnd", input.data, "req-dh-2");
  assert.deepEqual(again, saved);
  assert.equal(await db.auditEvent.count({ where: { requestId: "req-dh-2" } }), 0, "no change, no event");

  assert.equal((await readDataHandling(sam, "sbnd")).catalogueKind, "SAM");
  const ines = await actor("ines"); // SBND analysis member: may look
  assert.equal((await readDataHandling(ines, "sbnd")).catalogueKind, "SAM");
  const dev = await actor("dev"); // DUNE production, not SBND
  await assert.rejects(readDataHandling(dev, "sbnd"), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
  const ugo = await actor("ugo"); // MicroBooNE production: not its coordinator
  await assert.rejects(setDataHandling(ugo, "uboone", { catalogueKind: "EMBEDDED", catalogueUrl: null, dispatcherUrl: null, ftsUrl: null }), (e: unknown) => e instanceof DomainError && e.code === "forbidden" && /Only an administrator/.test(e.message));
  await assert.rejects(readDataHandling(sam, "nosuch"), (e: unknown) => e instanceof DomainError && e.code === "not_found");

  // Back to the default so that other tests see the seeded state.
  await setDataHandling(await actor("ada"), "sbnd", { catalogueKind: "EMBEDDED", catalogueUrl: null, dispatcherUrl: null, ftsUrl: null });
  assert.equal((await db.experiment.findUniqueOrThrow({ where: { name: "sbnd" } })).catalogueKind, "EMBEDDED");
});
