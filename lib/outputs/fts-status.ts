/**
 * The FTS (Fermilab File Transfer Service) dropbox status interface, as the original POMS read it:
 * `GET <ftsUrl>/status?format=json` → a JSON object with three lists of the files FTS still holds,
 *   `newstates`     files found in the dropbox, not yet handled,
 *   `pendingstates` files being handled (declared / waiting for their transfer),
 *   `errorstates`   files FTS failed on,
 * each entry `{"name": <file name>, "msg": <FTS's words about it>}`.
 * Source: fermitools/poms, fts_broker/fts_scanner.py (commit a5444f7d), lines 59–67 (the request and the three
 * lists, `name` and `msg`), and webservice/FilesPOMS.py (same commit) lines 238–259 (POMS showing each in-flight
 * output file with that message). Nothing else of the answer is documented there, so nothing else is read: other
 * keys are ignored. A file FTS no longer lists has left the dropbox (FTS declared it to the catalogue and stored
 * it, or it was removed); whether it has a location is the catalogue's answer, not FTS's (docs/outputs.md).
 *
 * Our own rule (not FTS's): an answer with none of the three lists is not an empty dropbox but a `schema` failure,
 * so an error object answered with status 200 can never read as "every file left the dropbox".
 */
import { z } from "zod";
import { httpJson } from "@/lib/adapters/http";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";

const entry = z.object({ name: z.string().min(1).max(1000), msg: z.string().max(10_000).nullish() });
const list = z.array(entry).max(200_000);
export const ftsStatusAnswer = z.object({ newstates: list.optional(), pendingstates: list.optional(), errorstates: list.optional() });
export type FtsStatusAnswer = z.infer<typeof ftsStatusAnswer>;

/** Which of FTS's lists a file is in. */
export type FtsList = "new" | "pending" | "error";
export type FtsFile = { name: string; list: FtsList; message: string };

/** The answer as one list of files (a file in several lists: the error wins, then pending). Pure. */
export function readFtsStatus(answer: FtsStatusAnswer): AdapterResult<FtsFile[]> {
  if (!answer.newstates && !answer.pendingstates && !answer.errorstates) return failure("schema", "The FTS status answer has none of newstates, pendingstates, errorstates.");
  const rank: Record<FtsList, number> = { new: 0, pending: 1, error: 2 };
  const files = new Map<string, FtsFile>();
  const add = (entries: FtsStatusAnswer["newstates"], l: FtsList) => {
    for (const e of entries ?? []) {
      const prev = files.get(e.name);
      if (!prev || rank[l] > rank[prev.list]) files.set(e.name, { name: e.name, list: l, message: (e.msg ?? "").trim() });
    }
  };
  add(answer.newstates, "new");
  add(answer.pendingstates, "pending");
  add(answer.errorstates, "error");
  return success([...files.values()]);
}

/** The status URL of a dropbox whose service URL is `ftsUrl` (as the original built it: service + "/status?format=json"). */
export const ftsStatusUrl = (ftsUrl: string) => `${ftsUrl.replace(/\/+$/, "")}/status?format=json`;

/** Reads one FTS's status; never throws. */
export async function fetchFtsStatus(ftsUrl: string, timeoutMs = 15_000): Promise<AdapterResult<FtsFile[]>> {
  const r = await httpJson({ url: ftsStatusUrl(ftsUrl), timeoutMs, headers: { accept: "application/json" } }, ftsStatusAnswer);
  return r.ok ? readFtsStatus(r.value) : r;
}
