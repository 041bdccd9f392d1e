/**
 * The MetaCat + Data Dispatcher client (REST), as MetaCat's own web API client and server speak it
 * (docs/data-handling.md cites file and line): the server URL ends in …/app and data calls are `data/<method>`,
 * with the token in `X-Authentication-Token`. File lists and queries answer `application/json-seq` (RFC 7464:
 * each record is RS, JSON, LF); other calls answer JSON. Datasets are `namespace:name` (the experiment's name is
 * the default namespace); queries are MQL. Data Dispatcher's `project?project_id=` gives a project's file handles
 * (initial → reserved → done | failed) for progress. MetaCat keeps no locations (DUNE's are Rucio's), so
 * `locations` answers from what our dropbox step recorded (`fallbackLocations`, the embedded mirror).
 * Nothing here throws; a fault is a typed failure, never an empty dataset: every listing is checked against the
 * server's own count.
 */
import { z } from "zod";
import { httpJson, httpText, type HttpRequest } from "@/lib/adapters/http";
import { failure, success, type AdapterFailure, type AdapterResult } from "@/lib/adapters/result";
import type { EndpointBackoff } from "@/lib/adapters/backoff";
import { catalogueOrder } from "./query";
import { catalogueFile, metacatMetadata } from "./metadata";
import { projectPercent, type CatalogueFile, type DataCatalogue, type ProjectState } from "./catalogue";

export type MetacatOptions = {
  metacatUrl: string;
  dispatcherUrl?: string | null;
  namespace: string;
  /** The dataset declared outputs are added to (MetaCat declares into a dataset); default `<namespace>:poms-outputs`. */
  outputDataset?: string;
  token?: string;
  timeoutMs?: number;
  backoff?: EndpointBackoff;
  now?: () => number;
  fallbackLocations?: (names: string[]) => Promise<AdapterResult<Record<string, string[]>>>;
};

const RS = "\u001e";

/** The records of an RFC 7464 JSON text sequence; a record cut short (no closing LF, or not JSON) is a parse failure. */
export function parseJsonSeq(text: string): AdapterResult<unknown[]> {
  if (!text.length) return success([]);
  if (!text.endsWith("\n")) return failure("parse", "The answer ends in the middle of a record (truncated?).");
  const out: unknown[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.replace(new RegExp(`^${RS}+`), "").trim();
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      return failure("parse", `Record ${i + 1} of the answer is not valid JSON (truncated?).`);
    }
  }
  return success(out);
}

const fileRecord = z.object({ namespace: z.string(), name: z.string(), fid: z.union([z.string(), z.number()]).optional(), size: z.number().nullable().optional(), metadata: z.record(z.string(), z.unknown()).optional() }).passthrough();
const datasetInfo = z.object({ namespace: z.string(), name: z.string(), file_count: z.number().int().nonnegative() }).passthrough();
const countSummary = z.object({ count: z.number().int().nonnegative() }).passthrough();
const project = z.object({ project_id: z.number(), state: z.string(), file_handles: z.array(z.object({ namespace: z.string(), name: z.string(), state: z.string() }).passthrough()) }).passthrough();

export function metacatCatalogue(opts: MetacatOptions): DataCatalogue {
  const base = opts.metacatUrl.replace(/\/+$/, "");
  const dd = opts.dispatcherUrl?.replace(/\/+$/, "") ?? null;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const headers = (extra: Record<string, string> = {}) => ({
    accept: "application/json-seq, application/json, text/json",
    ...(opts.token ? { "x-authentication-token": opts.token } : {}),
    ...extra,
  });
  const did = (dataset: string) => (dataset.includes(":") ? dataset : `${opts.namespace}:${dataset}`);
  /** Our name of a MetaCat file: its name in the experiment's namespace, its DID in any other. */
  const ourName = (f: { namespace: string; name: string }) => (f.namespace === opts.namespace ? f.name : `${f.namespace}:${f.name}`);
  const theirs = (name: string) => (name.includes(":") ? { namespace: name.slice(0, name.indexOf(":")), name: name.slice(name.indexOf(":") + 1) } : { namespace: opts.namespace, name });

  async function call<T>(endpoint: string, work: () => Promise<AdapterResult<T>>): Promise<AdapterResult<T>> {
    const allowed = opts.backoff?.allowed(endpoint, now());
    if (allowed && !allowed.ok) return failure("network", `${new URL(endpoint).host} failed recently; not asking again until ${new Date(allowed.until).toISOString()}.`);
    const r = await work();
    if (!r.ok && (r.kind === "timeout" || r.kind === "network" || r.kind === "http")) opts.backoff?.failed(endpoint, now());
    else if (r.ok) opts.backoff?.succeeded(endpoint);
    return r;
  }

  const req = (url: string, init: Partial<HttpRequest> = {}): HttpRequest => ({ url, timeoutMs, headers: headers(init.headers), method: init.method, body: init.body });
  const data = (method: string, params: Record<string, string>) => `${base}/data/${method}?${new URLSearchParams(params)}`;
  const notFound = (r: AdapterFailure, what: string): AdapterFailure => (r.kind === "not_found" ? failure("not_found", `MetaCat has no ${what}.`, 404) : r);

  /** A file list (json-seq, or `[]` as application/json when a query selects nothing). */
  async function fileList(request: HttpRequest): Promise<AdapterResult<CatalogueFile[]>> {
    const r = await httpText(request);
    if (!r.ok) return r;
    const type = r.value.contentType.toLowerCase();
    let records: unknown[];
    if (type.includes("application/json-seq")) {
      const seq = parseJsonSeq(r.value.text);
      if (!seq.ok) return seq;
      records = seq.value;
    } else if (/^(application|text)\/json\b/.test(type) && r.value.text.trim() === "[]") {
      records = [];
    } else {
      return failure("parse", `MetaCat answered a file list as ${r.value.contentType || "no content type"}${r.value.text.trim() ? "" : " with nothing in it"}.`);
    }
    const files: CatalogueFile[] = [];
    for (const rec of records) {
      const f = fileRecord.safeParse(rec);
      if (!f.success) return failure("schema", `Unexpected file record from MetaCat: ${f.error.issues[0]?.message ?? "bad shape"}.`);
      files.push(catalogueFile(ourName(f.data), 0, f.data.metadata ?? {}, f.data.size));
    }
    return success(files.sort(catalogueOrder).map((f, i) => ({ ...f, position: i })));
  }

  /** The list, checked against MetaCat's own count so that a short answer is never taken for a small dataset. */
  async function checked(list: AdapterResult<CatalogueFile[]>, count: () => Promise<AdapterResult<number>>): Promise<AdapterResult<CatalogueFile[]>> {
    if (!list.ok) return list;
    const n = await count();
    if (!n.ok) return n;
    return n.value === list.value.length ? list : failure("schema", `MetaCat listed ${list.value.length} files but counts ${n.value}.`);
  }

  const datasetCount = async (dataset: string): Promise<AdapterResult<number>> => {
    const r = await httpJson(req(data("dataset", { dataset: did(dataset), exact_file_count: "yes" })), datasetInfo);
    return r.ok ? success(r.value.file_count) : notFound(r, `dataset ${did(dataset)}`);
  };

  return {
    name: "metacat",

    datasetFiles: (_e, dataset) =>
      call(base, async () => {
        const list = await fileList(req(data("dataset_files", { dataset: did(dataset), with_metadata: "yes", include_retired_files: "no" })));
        return checked(list.ok ? list : notFound(list, `dataset ${did(dataset)}`), () => datasetCount(dataset));
      }),

    countFiles: (_e, dataset) => call(base, () => datasetCount(dataset)),

    listDatasets: (_e) =>
      call(base, async () => {
        const r = await httpJson(req(data("datasets", { with_file_counts: "yes" })), z.array(datasetInfo));
        if (!r.ok) return r;
        return success(r.value.map((d) => ({ name: d.namespace === opts.namespace ? d.name : `${d.namespace}:${d.name}`, files: d.file_count })).sort((a, b) => (a.name < b.name ? -1 : 1)));
      }),

    queryFiles: (_e, mql) =>
      call(base, async () => {
        const list = await fileList(req(data("query", { with_meta: "yes", with_provenance: "no", namespace: opts.namespace }), { method: "POST", body: mql, headers: { "content-type": "text/plain" } }));
        return checked(list, async () => {
          const c = await httpJson(req(data("query", { summary: "count", namespace: opts.namespace }), { method: "POST", body: mql, headers: { "content-type": "text/plain" } }), countSummary);
          return c.ok ? success(c.value.count) : c;
        });
      }),

    declareFiles: (_e, files) =>
      call(base, async () => {
        const dataset = opts.outputDataset ?? `${opts.namespace}:poms-outputs`;
        const body = (fs: typeof files) =>
          JSON.stringify(fs.map((f) => ({ ...theirs(f.name), size: f.size, metadata: metacatMetadata(f.metadata), parents: f.parents.map(theirs) })));
        const send = (fs: typeof files) => httpText(req(data("declare_files", { dataset }), { method: "POST", body: body(fs), headers: { "content-type": "text/json" } }));
        let r = await send(files);
        // 409: some of the files exist already. Ask which (POST data/files answers the ones it has) and declare the rest.
        if (!r.ok && r.kind === "http" && r.status === 409) {
          const known = await httpJson(req(data("files", { with_metadata: "no", with_provenance: "no" }), { method: "POST", body: JSON.stringify(files.map((f) => theirs(f.name))), headers: { "content-type": "text/json" } }), z.array(fileRecord));
          if (!known.ok) return known;
          const existing = new Set(known.value.map((f) => `${f.namespace}:${f.name}`));
          const rest = files.filter((f) => !existing.has(`${theirs(f.name).namespace}:${theirs(f.name).name}`));
          if (!rest.length) return success({ declared: files.length, located: 0 });
          r = await send(rest);
        }
        if (!r.ok) return r.kind === "not_found" ? failure("not_found", `MetaCat has no dataset ${dataset} to declare into.`) : r;
        return success({ declared: files.length, located: 0 });
      }),

    locations: (_e, names) => (opts.fallbackLocations ? opts.fallbackLocations(names) : Promise.resolve(success(Object.fromEntries(names.map((n) => [n, [] as string[]]))))),

    projectProgress: (_e, projectId) => {
      if (!dd) return Promise.resolve(failure("not_found", "No Data Dispatcher URL is set for this experiment: its projects cannot be read."));
      if (!/^\d{1,12}$/.test(projectId.trim())) return Promise.resolve(failure("not_found", `“${projectId}” is not a Data Dispatcher project id (a number).`));
      return call(dd, async () => {
        const r = await httpJson(req(`${dd}/project?${new URLSearchParams({ project_id: projectId.trim(), with_files: "yes", with_replicas: "no" })}`), project);
        if (!r.ok) return r.kind === "not_found" ? failure("not_found", `Data Dispatcher has no project ${projectId}.`, 404) : r;
        const h = r.value.file_handles;
        const count = (s: string) => h.filter((x) => x.state === s).length;
        const counts = { files: h.length, consumed: count("done"), failed: count("failed"), skipped: 0, delivered: count("reserved"), unknown: count("initial") };
        const states: Record<string, ProjectState> = { active: "active", held: "active", done: "done", failed: "failed", cancelled: "cancelled", abandoned: "abandoned" };
        return success({ state: states[r.value.state] ?? "unknown", rawState: r.value.state, ...counts, percent: projectPercent(counts) });
      });
    },
  };
}
