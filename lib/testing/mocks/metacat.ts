/**
 * A mock MetaCat server on the mock-server harness, speaking the formats of MetaCat's web server
 * (webserver/data_handler.py in fermitools/metacat; docs/data-handling.md cites the lines): under `<prefix>/data/`,
 * dataset_files and query answer `application/json-seq` (RS, JSON, LF per file), dataset and datasets JSON,
 * declare_files takes a JSON list and answers the declared files, 409 when some exist, files answers the files it
 * has. Queries understand a small part of MQL (`files from ns:name [where k = v and k in lo:hi …] [ordered]
 * [skip n] [limit n]`, `files where …`), enough for the tests; anything else is MetaCat's 400.
 */
import { startMockServer, type MockHandler, type MockServer } from "@/lib/testing/mock-server";

export type MetacatFile = { fid: string; namespace: string; name: string; size: number; metadata: Record<string, unknown> };
export type MetacatScenario = {
  files: MetacatFile[];
  /** "ns:name" → file DIDs "ns:name" */
  datasets: Record<string, string[]>;
  declared: unknown[];
};

const RS = "\u001e";
const seq = (items: unknown[]) => ({ text: items.map((i) => `${RS}${JSON.stringify(i)}\n`).join(""), contentType: "application/json-seq" });
const did = (f: { namespace: string; name: string }) => `${f.namespace}:${f.name}`;
const jsonable = (f: MetacatFile, withMeta: boolean) => ({ fid: f.fid, namespace: f.namespace, name: f.name, size: f.size, checksums: {}, retired: false, ...(withMeta ? { metadata: f.metadata } : {}) });

type Cond = (f: MetacatFile) => boolean;

/** The MQL subset: returns the selected files or a 400 message. */
export function runMql(text: string, s: MetacatScenario, namespace: string): { ok: true; files: MetacatFile[] } | { ok: false; message: string } {
  const m = text.trim().match(/^files\s+(?:from\s+(\S+)\s*)?(?:where\s+(.+?))?\s*(ordered)?\s*(?:skip\s+(\d+))?\s*(?:limit\s+(\d+))?$/i);
  if (!m) return { ok: false, message: `MQLSyntaxError: cannot parse “${text.slice(0, 60)}”` };
  const [, from, where, , skip, limit] = m;
  let files = s.files;
  if (from) {
    const ds = s.datasets[from.includes(":") ? from : `${namespace}:${from}`];
    if (!ds) return { ok: false, message: `MQLError: dataset ${from} not found` };
    const set = new Set(ds);
    files = files.filter((f) => set.has(did(f)));
  }
  if (where) {
    const conds: Cond[] = [];
    for (const part of where.split(/\s+and\s+/i)) {
      const eq = part.match(/^([\w.]+)\s*=\s*'?([^']*?)'?$/);
      const range = part.match(/^([\w.]+)\s+in\s+(-?\d+):(-?\d+)$/i);
      if (range) {
        const [, k, lo, hi] = range;
        conds.push((f) => {
          const v = f.metadata[k];
          const vs = Array.isArray(v) ? v : [v];
          return vs.some((x) => typeof x === "number" && x >= Number(lo) && x <= Number(hi));
        });
      } else if (eq) {
        const [, k, v] = eq;
        conds.push((f) => {
          const x = f.metadata[k];
          return (Array.isArray(x) ? x : [x]).some((y) => String(y) === v);
        });
      } else return { ok: false, message: `MQLSyntaxError: cannot parse condition “${part}”` };
    }
    files = files.filter((f) => conds.every((c) => c(f)));
  }
  files = [...files].sort((a, b) => (a.fid < b.fid ? -1 : 1)).slice(Number(skip ?? 0), limit ? Number(skip ?? 0) + Number(limit) : undefined);
  return { ok: true, files };
}

function routes(prefix: string): Record<string, MockHandler<MetacatScenario>> {
  return {
    [`GET ${prefix}/data/dataset_files`]: (req, { scenario }) => {
      const ds = scenario.datasets[req.query.get("dataset") ?? ""];
      if (!ds) return { status: 404, text: "Dataset not found" };
      const set = new Set(ds);
      return seq(scenario.files.filter((f) => set.has(did(f))).map((f) => jsonable(f, req.query.get("with_metadata") === "yes")));
    },
    [`GET ${prefix}/data/dataset`]: (req, { scenario }) => {
      const name = req.query.get("dataset") ?? "";
      const ds = scenario.datasets[name];
      if (!ds) return { status: 404, text: "Dataset not found" };
      const [namespace, n] = name.split(":");
      return { json: { namespace, name: n, frozen: false, monotonic: false, metadata: {}, file_count: ds.length } };
    },
    [`GET ${prefix}/data/datasets`]: (_req, { scenario }) => ({
      json: Object.entries(scenario.datasets).map(([k, v]) => ({ namespace: k.split(":")[0], name: k.split(":")[1], file_count: v.length, metadata: {} })),
    }),
    [`POST ${prefix}/data/query`]: (req, { scenario }) => {
      const r = runMql(req.body, scenario, req.query.get("namespace") ?? "");
      if (!r.ok) return { status: 400, text: r.message };
      if (req.query.get("summary") === "count") return { json: { count: r.files.length, total_size: r.files.reduce((a, f) => a + f.size, 0) } };
      if (!r.files.length) return { json: [] };
      return seq(r.files.map((f) => jsonable(f, req.query.get("with_meta") === "yes")));
    },
    [`POST ${prefix}/data/files`]: (req, { scenario }) => {
      const wanted = new Set((JSON.parse(req.body) as { namespace: string; name: string }[]).map(did));
      return { json: scenario.files.filter((f) => wanted.has(did(f))).map((f) => jsonable(f, false)) };
    },
    [`POST ${prefix}/data/declare_files`]: (req, { scenario }) => {
      if (!req.headers["x-authentication-token"]) return { status: 401, text: "Authentication required" };
      const dataset = req.query.get("dataset") ?? "";
      if (!scenario.datasets[dataset]) return { status: 400, text: `Dataset ${dataset} does not exist` };
      const list = JSON.parse(req.body) as { namespace: string; name: string; size: number; metadata: Record<string, unknown>; parents: { namespace: string; name: string }[] }[];
      if (!list.length) return { status: 400, text: "Empty file list" };
      const existing = list.filter((f) => scenario.files.some((x) => did(x) === did(f)));
      if (existing.length) return { status: 409, text: `The following files already exist:${existing.map((f) => `\n  ${did(f)}`).join("")}` };
      const bad = list.find((f) => Object.keys(f.metadata).some((k) => !k.includes(".")));
      if (bad) return { status: 400, text: `Invalid metadata key for ${did(bad)}` };
      const out = list.map((f, i) => {
        const file = { fid: `fid${scenario.files.length + i + 1}`, namespace: f.namespace, name: f.name, size: f.size, metadata: f.metadata };
        return file;
      });
      scenario.files.push(...out);
      scenario.datasets[dataset].push(...out.map(did));
      scenario.declared.push(...list);
      return { json: out.map((f) => jsonable(f, true)) };
    },
  };
}

export function startMetacatMock(scenario: Partial<MetacatScenario> = {}, opts: { prefix?: string; slowMs?: number } = {}): Promise<MockServer<MetacatScenario>> {
  return startMockServer<MetacatScenario>({ routes: routes(opts.prefix ?? "/dune_meta_prod/app"), scenario: { files: [], datasets: {}, declared: [], ...scenario }, slowMs: opts.slowMs });
}
