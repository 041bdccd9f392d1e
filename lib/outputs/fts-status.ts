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
 * Our own rules (not FTS's):
 *  - an answer must hold all three lists (each may be empty): an answer missing one is a `schema` failure, so an
 *    error object, or a partial answer, answered with status 200 can never read as "these files left the dropbox";
 *  - entries are judged one by one: an entry that is not {name, msg}, or whose name is empty, longer than 1,000
 *    characters or holds a control character (NUL, newline…), is skipped and counted, never the whole answer;
 *    control characters are removed from messages;
 *  - at most MAX_FTS_FILES files are handled per read; a longer answer is handled in part and marked incomplete
 *    (then no file is taken as having left the dropbox on that read).
 */
import { z } from "zod";
import { httpJson } from "@/lib/adapters/http";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";

export const MAX_FTS_FILES = 50_000;
const list = z.array(z.unknown()).max(1_000_000);
export const ftsStatusAnswer = z.object({ newstates: list.optional(), pendingstates: list.optional(), errorstates: list.optional() });
export type FtsStatusAnswer = z.infer<typeof ftsStatusAnswer>;

/** Which of FTS's lists a file is in. */
export type FtsList = "new" | "pending" | "error";
export type FtsFile = { name: string; list: FtsList; message: string };
/** One read: the files, how many entries were skipped as unreadable, and whether every file FTS holds is in `files`. */
export type FtsRead = { files: FtsFile[]; skipped: number; complete: boolean };

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** One entry, or null when it cannot be a file FTS holds. Pure. */
function readEntry(e: unknown): { name: string; message: string } | null {
  if (!e || typeof e !== "object") return null;
  const { name, msg } = e as { name?: unknown; msg?: unknown };
  if (typeof name !== "string" || !name || name.length > 1000 || CONTROL.test(name)) return null;
  if (msg != null && typeof msg !== "string") return null;
  return { name, message: (msg ?? "").replace(CONTROLS, "").slice(0, 2000).trim() };
}

/** The answer as one list of files (a file in several lists: the error wins, then pending). Pure. */
export function readFtsStatus(answer: FtsStatusAnswer, max = MAX_FTS_FILES): AdapterResult<FtsRead> {
  if (!answer.newstates || !answer.pendingstates || !answer.errorstates) {
    const missing = (["newstates", "pendingstates", "errorstates"] as const).filter((k) => !answer[k]);
    return failure("schema", `The FTS status answer lacks ${missing.join(", ")}.`);
  }
  const rank: Record<FtsList, number> = { new: 0, pending: 1, error: 2 };
  const files = new Map<string, FtsFile>();
  let skipped = 0;
  let complete = true;
  const add = (entries: unknown[], l: FtsList) => {
    for (const raw of entries) {
      const e = readEntry(raw);
      if (!e) {
        skipped++;
        continue;
      }
      const prev = files.get(e.name);
      if (!prev && files.size >= max) {
        complete = false;
        continue;
      }
      if (!prev || rank[l] > rank[prev.list]) files.set(e.name, { name: e.name, list: l, message: e.message });
    }
  };
  add(answer.errorstates, "error");
  add(answer.pendingstates, "pending");
  add(answer.newstates, "new");
  return success({ files: [...files.values()], skipped, complete });
}

/** The status URL of a dropbox whose service URL is `ftsUrl` (as the original built it: service + "/status?format=json"). */
export const ftsStatusUrl = (ftsUrl: string) => `${ftsUrl.replace(/\/+$/, "")}/status?format=json`;

/** Reads one FTS's status; never throws. */
export async function fetchFtsStatus(ftsUrl: string, timeoutMs = 15_000): Promise<AdapterResult<FtsRead>> {
  const r = await httpJson({ url: ftsStatusUrl(ftsUrl), timeoutMs, headers: { accept: "application/json" } }, ftsStatusAnswer);
  return r.ok ? readFtsStatus(r.value) : r;
}
