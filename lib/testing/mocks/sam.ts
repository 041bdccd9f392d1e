/**
 * A mock SAM web server (samweb REST) on the mock-server harness, speaking the formats docs/data-handling.md cites:
 * files/list?dims=&format=json, files/count, POST files/metadata (form file_name=…), POST files, POST
 * files/name/<f>/locations (form add=…), files/locations?file_name=…, projects/name/<p>/summary, definitions/list.
 * Dimensions are evaluated with our own query language (a part of SAM's), `defname:` against the scenario's
 * definitions. Faults come from the harness (lib/testing/mock-server.ts).
 */
import { startMockServer, type MockHandler, type MockServer } from "@/lib/testing/mock-server";
import { parseQuery, selectFiles, type QueryNode } from "@/lib/catalogue/query";
import { catalogueFile } from "@/lib/catalogue/metadata";

export type SamMetadata = { file_name: string; file_id: number; file_size: number } & Record<string, unknown>;
export type SamProjectSummary = { project_status: string; files_in_snapshot: number; file_counts: Record<string, number>; dataset_def_name: string };
export type SamScenario = {
  files: SamMetadata[];
  /** definition name → dimensions */
  definitions: Record<string, string>;
  /** file name → full paths (`enstore:/pnfs/…`) */
  locations: Record<string, string[]>;
  projects: Record<string, SamProjectSummary>;
  /** What was declared (metadata as posted), in order. */
  declared: Record<string, unknown>[];
};

type Ctx = { scenario: SamScenario };

function evaluate(dims: string, scenario: SamScenario, depth = 0): { ok: true; names: string[] } | { ok: false; status: number; text: string } {
  const r = parseQuery(dims);
  if (!r.ok) return { ok: false, status: 400, text: `Invalid dimensions: ${r.message}` };
  const refs = (node: QueryNode): string[] =>
    node.kind === "defname" ? [node.dataset] : "left" in node ? [...refs(node.left), ...refs(node.right)] : node.kind === "not" ? refs(node.node) : [];
  const resolved = new Map<string, Set<string>>();
  for (const name of refs(r.query.node)) {
    const def = scenario.definitions[name];
    if (def === undefined || depth > 5) return { ok: false, status: 400, text: `Definition ${name} not found` };
    const inner = evaluate(def, scenario, depth + 1);
    if (!inner.ok) return inner;
    resolved.set(name, new Set(inner.names));
  }
  const files = scenario.files.map((md) => catalogueFile(md.file_name, 0, md, md.file_size));
  return { ok: true, names: selectFiles(r.query, files, (n) => resolved.get(n) ?? new Set()).map((f) => f.name) };
}

const routes: Record<string, MockHandler<SamScenario>> = {
  "GET /sam/:exp/api/files/list": (req, { scenario }: Ctx) => {
    const r = evaluate(req.query.get("dims") ?? "", scenario);
    if (!r.ok) return { status: r.status, text: r.text };
    return req.query.get("format") === "json" ? { json: r.names } : { text: r.names.join("\n") + "\n" };
  },
  "GET /sam/:exp/api/files/count": (req, { scenario }: Ctx) => {
    const r = evaluate(req.query.get("dims") ?? "", scenario);
    return r.ok ? { text: `${r.names.length}\n` } : { status: r.status, text: r.text };
  },
  "POST /sam/:exp/api/files/metadata": (req, { scenario }: Ctx) => {
    const wanted = new Set(new URLSearchParams(req.body).getAll("file_name"));
    // Like SAM: unknown names give no entry rather than an error.
    return { json: scenario.files.filter((f) => wanted.has(f.file_name)) };
  },
  "POST /sam/:exp/api/files": (req, { scenario }: Ctx) => {
    const md = JSON.parse(req.body) as SamMetadata;
    if (scenario.files.some((f) => f.file_name === md.file_name)) return { status: 409, text: `File ${md.file_name} already exists` };
    const file = { ...md, file_id: 1_000_000 + scenario.files.length };
    scenario.files.push(file);
    scenario.declared.push(md);
    return { text: String(file.file_id) };
  },
  "POST /sam/:exp/api/files/name/:file/locations": (req, { scenario }: Ctx) => {
    const add = new URLSearchParams(req.body).get("add");
    if (!scenario.files.some((f) => f.file_name === req.params.file)) return { status: 404, text: `File ${req.params.file} not found` };
    if (add) (scenario.locations[req.params.file] ??= []).push(add);
    return { text: "" };
  },
  "GET /sam/:exp/api/files/locations": (req, { scenario }: Ctx) => ({
    json: Object.fromEntries(req.query.getAll("file_name").filter((n) => scenario.files.some((f) => f.file_name === n)).map((n) => [n, (scenario.locations[n] ?? []).map((full_path) => ({ full_path }))])),
  }),
  "GET /sam/:exp/api/projects/name/:project/summary": (req, { scenario }: Ctx) => {
    const p = scenario.projects[req.params.project];
    return p ? { json: p } : { status: 404, text: `Project ${req.params.project} not found` };
  },
  "GET /sam/:exp/api/definitions/list": (_req, { scenario }: Ctx) => ({ text: Object.keys(scenario.definitions).join("\n") + "\n" }),
};

export function startSamMock(scenario: Partial<SamScenario> = {}, opts: { slowMs?: number } = {}): Promise<MockServer<SamScenario>> {
  return startMockServer<SamScenario>({ routes, scenario: { files: [], definitions: {}, locations: {}, projects: {}, declared: [], ...scenario }, slowMs: opts.slowMs });
}
