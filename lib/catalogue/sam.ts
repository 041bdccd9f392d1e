/**
 * The SAM client (samweb REST), per experiment base URL `https://sam<exp>.fnal.gov:8483/sam/<exp>/api`. Requests
 * and answers as samweb's own client and the original POMS make them (docs/data-handling.md cites file and line):
 * files/list?dims=…&format=json (JSON array of names), files/count (text integer), POST files/metadata (form
 * file_name=…, JSON array of metadata), POST files (declare one file's JSON metadata), POST
 * files/name/<f>/locations (form add=<location>), files/locations?file_name=… (name → [{full_path}]),
 * projects/name/<p>/summary?format=json&process_limit=0. A dataset is a SAM definition (`defname: <name>`).
 * Every fault is a typed failure; nothing here throws, and no fault becomes an empty dataset.
 */
import { z } from "zod";
import { httpJson, httpText, inBatches, remoteExcerpt, type HttpRequest } from "@/lib/adapters/http";
import { failure, success, type AdapterFailure, type AdapterResult } from "@/lib/adapters/result";
import type { EndpointBackoff } from "@/lib/adapters/backoff";
import { catalogueOrder } from "./query";
import { catalogueFile, samMetadata } from "./metadata";
import { projectPercent, type CatalogueFile, type DataCatalogue, type ProjectState } from "./catalogue";

export type SamOptions = { baseUrl: string; token?: string; timeoutMs?: number; concurrency?: number; backoff?: EndpointBackoff; now?: () => number };

const names = z.array(z.string());
const metadataList = z.array(z.record(z.string(), z.unknown()).and(z.object({ file_name: z.string() })));
const locationMap = z.record(z.string(), z.array(z.object({ full_path: z.string() }).passthrough()));
const summary = z
  .object({
    project_status: z.string(),
    files_in_snapshot: z.number().int().nonnegative(),
    file_counts: z.record(z.string(), z.number().int().nonnegative()).default({}),
  })
  .passthrough();

/** SAM's count and plain lists are text/plain; anything else (an HTML error page, an empty JSON answer) is not them. */
const isPlainText = (contentType: string) => /^text\/plain\b/i.test(contentType.trim());

/** Metadata requests per call (samweb's own iterator uses 50; POST bodies take more). */
const METADATA_CHUNK = 200;
const LOCATION_CHUNK = 50;

/** SAM's project states (samweb's project summary) in our words. */
function projectState(raw: string): ProjectState {
  const s = raw.toLowerCase();
  if (["running", "starting", "reserved", "active"].includes(s)) return "active";
  if (["completed", "finished", "ended", "done"].includes(s)) return "done";
  if (["stopped", "cancelled", "canceled"].includes(s)) return "cancelled";
  if (s === "failed") return "failed";
  return "unknown";
}

export function samCatalogue(opts: SamOptions): DataCatalogue {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const limit = opts.concurrency ?? 4;
  const headers = (extra: Record<string, string> = {}) => ({ accept: "application/json, text/plain", ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...extra });
  const now = opts.now ?? Date.now;

  /** Every call goes through here: the backoff (when given) skips an endpoint that failed recently. */
  async function call<T>(work: () => Promise<AdapterResult<T>>): Promise<AdapterResult<T>> {
    const allowed = opts.backoff?.allowed(base, now());
    if (allowed && !allowed.ok) return failure("network", `SAM at ${new URL(base).host} failed recently; not asking again until ${new Date(allowed.until).toISOString()}.`);
    const r = await work();
    if (!r.ok && (r.kind === "timeout" || r.kind === "network" || r.kind === "http")) opts.backoff?.failed(base, now());
    else if (r.ok) opts.backoff?.succeeded(base);
    return r;
  }

  const get = (path: string, params: Record<string, string | string[]>): HttpRequest => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
    return { url: `${base}/${path}?${q}`, headers: headers(), timeoutMs };
  };
  const post = (path: string, body: string, contentType: string): HttpRequest => ({ url: `${base}/${path}`, method: "POST", body, headers: headers({ "content-type": contentType }), timeoutMs });

  /** A 400 on a defname: query is SAM saying the definition does not exist. */
  const unknownDefinition = (r: AdapterFailure, dataset: string): AdapterFailure =>
    r.kind === "http" && r.status === 400 ? failure("not_found", `SAM does not know the dataset definition “${dataset}”.`, 400) : r;

  async function listNames(dims: string) {
    return httpJson(get("files/list", { dims, format: "json" }), names);
  }

  async function filesWithMetadata(fileNames: string[]): Promise<AdapterResult<CatalogueFile[]>> {
    const chunks: string[][] = [];
    for (let i = 0; i < fileNames.length; i += METADATA_CHUNK) chunks.push(fileNames.slice(i, i + METADATA_CHUNK));
    const answers = await inBatches(chunks, limit, (chunk) => {
      const form = new URLSearchParams();
      for (const n of chunk) form.append("file_name", n);
      return httpJson(post("files/metadata", form.toString(), "application/x-www-form-urlencoded"), metadataList);
    });
    const failed = answers.find((a) => !a.ok);
    if (failed && !failed.ok) return failed;
    const byName = new Map(answers.flatMap((a) => (a.ok ? a.value : [])).map((md) => [md.file_name, md]));
    const missing = fileNames.filter((n) => !byName.has(n));
    if (missing.length) return failure("schema", `SAM listed ${fileNames.length} files but gave metadata for ${fileNames.length - missing.length} (missing ${missing.slice(0, 3).join(", ")}…).`);
    const files = fileNames.map((n) => {
      const md = byName.get(n)!;
      return catalogueFile(n, 0, md, md.file_size);
    });
    return success(files.sort(catalogueOrder).map((f, i) => ({ ...f, position: i })));
  }

  async function query(dims: string, dataset?: string): Promise<AdapterResult<CatalogueFile[]>> {
    const listed = await listNames(dims);
    if (!listed.ok) return dataset ? unknownDefinition(listed, dataset) : listed;
    return filesWithMetadata([...new Set(listed.value)]);
  }

  return {
    name: "sam",
    datasetFiles: (_e, dataset) => call(() => query(`defname: ${dataset}`, dataset)),
    queryFiles: (_e, dims) => call(() => query(dims)),

    countFiles: (_e, dataset) =>
      call(async () => {
        const r = await httpText(get("files/count", { dims: `defname: ${dataset}` }));
        if (!r.ok) return unknownDefinition(r, dataset);
        if (!isPlainText(r.value.contentType)) return failure("parse", `SAM answered the count as ${r.value.contentType || "no content type"}, not text.`);
        const text = r.value.text.trim();
        return /^\d+$/.test(text) ? success(Number(text)) : failure("parse", `SAM's file count is not a number: “${remoteExcerpt(text, 40)}”.`);
      }),

    listDatasets: (_e) =>
      call(async () => {
        const r = await httpText(get("definitions/list", { format: "plain" }));
        if (!r.ok) return r;
        if (!isPlainText(r.value.contentType)) return failure("parse", `SAM answered the definitions list as ${r.value.contentType || "no content type"}, not text.`);
        // SAM gives names only; counting every definition would be one request each, so files is -1 (unknown) here.
        const defs = r.value.text.split("\n").map((l) => l.trim()).filter(Boolean);
        return success(defs.sort().map((name) => ({ name, files: -1 })));
      }),

    declareFiles: (_e, files) =>
      call(async () => {
        const declared = await inBatches(files, limit, async (f) => {
          const r = await httpText(post("files", JSON.stringify(samMetadata(f.name, f.size, f.metadata, f.parents)), "application/json"));
          // SAM refuses a file it already has (409): declaring again is not an error for us.
          if (!r.ok && !(r.kind === "http" && r.status === 409)) return r;
          if (!f.location) return success(false);
          const form = new URLSearchParams({ add: f.location });
          const loc = await httpText(post(`files/name/${encodeURIComponent(f.name)}/locations`, form.toString(), "application/x-www-form-urlencoded"));
          return loc.ok ? success(true) : loc;
        });
        const failed = declared.find((d) => !d.ok);
        if (failed && !failed.ok) return failure(failed.kind, `Declaring to SAM stopped: ${failed.message} (${declared.filter((d) => d.ok).length} of ${files.length} declared).`, failed.status);
        return success({ declared: files.length, located: declared.filter((d) => d.ok && d.value).length });
      }),

    locations: (_e, fileNames) =>
      call(async () => {
        const chunks: string[][] = [];
        for (let i = 0; i < fileNames.length; i += LOCATION_CHUNK) chunks.push(fileNames.slice(i, i + LOCATION_CHUNK));
        const answers = await inBatches(chunks, limit, (chunk) => httpJson(get("files/locations", { file_name: chunk }), locationMap));
        const failed = answers.find((a) => !a.ok);
        if (failed && !failed.ok) return failed;
        const out: Record<string, string[]> = Object.fromEntries(fileNames.map((n) => [n, [] as string[]]));
        for (const a of answers) if (a.ok) for (const [n, locs] of Object.entries(a.value)) if (n in out) out[n] = locs.map((l) => l.full_path);
        return success(out);
      }),

    projectProgress: (_e, project) =>
      call(async () => {
        const r = await httpJson(get(`projects/name/${encodeURIComponent(project)}/summary`, { format: "json", process_limit: "0" }), summary);
        if (!r.ok) return r;
        const c = r.value.file_counts;
        const counts = {
          files: r.value.files_in_snapshot,
          // The original POMS adds SAM's "completed" to consumed (webservice/samweb_lite.py do_totals).
          consumed: (c.consumed ?? 0) + (c.completed ?? 0),
          failed: c.failed ?? 0,
          skipped: c.skipped ?? 0,
          delivered: c.delivered ?? 0,
          unknown: c.unknown ?? 0,
        };
        return success({ state: projectState(r.value.project_status), rawState: r.value.project_status, ...counts, percent: projectPercent(counts) });
      }),
  };
}
