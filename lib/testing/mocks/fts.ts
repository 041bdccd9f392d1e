/**
 * A mock FTS speaking exactly the status interface POMS reads (lib/outputs/fts-status.ts, docs/outputs.md):
 * `GET /status?format=json` → {"newstates": [{name, msg}], "pendingstates": [...], "errorstates": [...]}, from a
 * scenario whose files move between the lists (or leave the dropbox) at times of the mock's clock. Every fault of
 * shared/monitors.md comes from the harness (lib/testing/mock-server.ts): route key "GET /status". Nothing else is
 * served: FTS's HTML pages are not a format POMS reads.
 */
import { startMockServer, type MockServer } from "@/lib/testing/mock-server";

export type FtsList = "new" | "pending" | "error";
/** One file's history: from `at` (mock clock, seconds) it is in `list` with `msg`, or has left the dropbox ("gone"). */
export type FtsFileTimeline = { name: string; steps: { at: number; list: FtsList | "gone"; msg?: string }[] };
export type FtsScenario = { files: FtsFileTimeline[] };

/** What the dropbox holds at `now`. */
export function ftsStatusAt(scenario: FtsScenario, now: number) {
  const out: Record<"newstates" | "pendingstates" | "errorstates", { name: string; msg: string }[]> = { newstates: [], pendingstates: [], errorstates: [] };
  for (const f of scenario.files) {
    const step = [...f.steps].filter((s) => s.at <= now).sort((a, b) => a.at - b.at).at(-1);
    if (!step || step.list === "gone") continue;
    out[`${step.list}states`].push({ name: f.name, msg: step.msg ?? "" });
  }
  return out;
}

export async function startFtsMock(scenario: FtsScenario, opts: { startAt?: number; slowMs?: number } = {}): Promise<MockServer<FtsScenario>> {
  return startMockServer<FtsScenario>({
    scenario,
    startAt: opts.startAt,
    slowMs: opts.slowMs,
    routes: {
      "GET /status": (req, { now, scenario: s }) =>
        req.query.get("format") === "json" ? { json: ftsStatusAt(s, now) } : { status: 400, text: "This mock serves only /status?format=json.", contentType: "text/plain" },
    },
  });
}
