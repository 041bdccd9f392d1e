/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by module,
 * within a time window, with minified bundle positions mapped back to their sources through the
 * build's source maps (Next's server chunks and compiled runtimes ship `.js.map` files).
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type ProfileSummary = {
  windowMs: number;
  busyMs: number;
  byModule: { label: string; ms: number; share: number }[];
  byFunction: { label: string; module: string; ms: number; share: number }[];
};

const maps = new Map<string, { map: SourceMap; dir: string } | null>();
function sourceMapFor(file: string) {
  if (!maps.has(file)) {
    const mapFile = `${file}.map`;
    let entry: { map: SourceMap; dir: string } | null = null;
    if (existsSync(mapFile)) {
      try {
        entry = { map: new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))), dir: path.dirname(mapFile) };
      } catch {
        entry = null;
      }
    }
    maps.set(file, entry);
  }
  return maps.get(file)!;
}

/** A readable module name for a source path: the npm package, or the project file. */
function moduleOf(source: string, root: string): string {
  const p = source.replace(/^webpack:\/\/\/?/, "").replace(/^turbopack:\/\/\/?/, "").replace(/^\[project\]\//, "");
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = p.slice(nm + "node_modules/".length).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === "next") {
      const sub = rest.slice(1).join("/");
      if (sub.includes("compiled/react-dom")) return "react-dom (server render)";
      if (sub.includes("compiled/react-server-dom")) return "react-server-dom (RSC payload)";
      if (sub.includes("compiled/react")) return "react";
      if (sub.includes("compiled/")) return `next/${sub.split("/").slice(0, 3).join("/")}`;
      return `next/${sub.split("/").slice(0, 3).join("/")}`;
    }
    return pkg;
  }
  if (p.includes("react-dom")) return "react-dom (server render)";
  if (p.includes("react-server-dom")) return "react-server-dom (RSC payload)";
  const rel = path.isAbsolute(p) ? path.relative(root, p) : p;
  if (rel.startsWith("lib/generated/prisma")) return "prisma generated client (lib/generated/prisma)";
  return rel;
}

function describe(cf: CallFrame, root: string): { module: string; fn: string } {
  const name = cf.functionName || "(anonymous)";
  if (!cf.url) return { module: name.startsWith("(") ? name : "(V8 builtins / native)", fn: name };
  if (cf.url.startsWith("node:")) {
    const parts = cf.url.split("/");
    return { module: parts.slice(0, Math.min(parts.length, 3)).join("/").replace(/\.js$/, ""), fn: `${name} ${cf.url}:${cf.lineNumber + 1}` };
  }
  if (cf.url.startsWith("wasm://")) return { module: "WebAssembly (Prisma query compiler)", fn: name };
  let file = cf.url;
  if (file.startsWith("file://")) file = fileURLToPath(file);
  const sm = path.isAbsolute(file) ? sourceMapFor(file) : null;
  if (sm) {
    const e = sm.map.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (e?.originalSource) {
      const original = decodeURIComponent(e.originalSource);
      const src = original.startsWith(".") ? path.resolve(sm.dir, original) : original;
      const mod = moduleOf(src, root);
      const short = path.isAbsolute(src) ? path.relative(root, src) : src;
      return { module: mod, fn: `${e.name || name} ${short.replace(/^.*node_modules\//, "")}:${(e.originalLine ?? 0) + 1}` };
    }
  }
  const mod = moduleOf(file, root);
  return { module: mod, fn: `${name} ${path.relative(root, file).replace(/^.*node_modules\//, "")}:${cf.lineNumber + 1}` };
}

/** `from`/`to` are in the profile's clock (µs, CLOCK_MONOTONIC on Linux, as process.hrtime). */
export function summariseProfile(file: string, root: string, window?: { fromUs: number; toUs: number }, top = 15): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = prof.startTime;
  let windowUs = 0;
  const inWindow = (ts: number) => !window || (ts >= window.fromUs && ts <= window.toUs);
  let any = false;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i];
    const dt = i + 1 < prof.timeDeltas.length ? prof.timeDeltas[i + 1] : 0;
    if (!inWindow(t)) continue;
    any = true;
    windowUs += dt;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  if (!any && window) return summariseProfile(file, root, undefined, top); // clocks disagreed: whole profile
  const modules = new Map<string, number>();
  const functions = new Map<string, { module: string; us: number }>();
  let idleUs = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const d = describe(node.callFrame, root);
    if (d.module === "(idle)") {
      idleUs += us;
      continue;
    }
    modules.set(d.module, (modules.get(d.module) ?? 0) + us);
    const f = functions.get(d.fn) ?? { module: d.module, us: 0 };
    f.us += us;
    functions.set(d.fn, f);
  }
  const busyUs = windowUs - idleUs;
  return {
    windowMs: windowUs / 1000,
    busyMs: busyUs / 1000,
    byModule: [...modules].sort((a, b) => b[1] - a[1]).slice(0, top).map(([label, us]) => ({ label, ms: us / 1000, share: us / busyUs })),
    byFunction: [...functions].sort((a, b) => b[1].us - a[1].us).slice(0, top).map(([label, f]) => ({ label, module: f.module, ms: f.us / 1000, share: f.us / busyUs })),
  };
}
