/**
 * File metadata between catalogues and our columns. Pure. We read SAM's keys (`runs: [[run, subrun, type]]`,
 * `data_tier`, `data_stream`, `start_time`…), MetaCat's (`core.runs`, `core.runs_subruns` = run × 100000 + subrun,
 * `core.data_tier`, `core.start_time` in epoch seconds, `core.run_type` as the detector…) and our own plain keys
 * (`run_number`, `subrun`, `detector`…), and write each catalogue's own when declaring. Sources in
 * docs/data-handling.md.
 */
import type { CatalogueFile } from "./catalogue";

export type FileColumns = Omit<CatalogueFile, "name" | "position" | "metadata">;

const int = (v: unknown): number | null => {
  const n = typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : null;
};
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : null);

/** A time as a catalogue writes it: ISO text (SAM), or epoch seconds (MetaCat's core.*_time). */
export function readTime(v: unknown): Date | null {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return new Date(Math.round(v * 1000));
  if (typeof v === "string" && v.trim()) {
    const s = v.trim();
    if (/^\d+(\.\d+)?$/.test(s)) return readTime(Number(s));
    const t = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
    return Number.isFinite(t) ? new Date(t) : null;
  }
  return null;
}

const first = <T>(...vs: (T | null)[]): T | null => vs.find((v) => v !== null) ?? null;

export function columnsFromMetadata(md: Record<string, unknown>, size?: unknown): FileColumns {
  const samRuns = Array.isArray(md.runs) && Array.isArray(md.runs[0]) ? (md.runs[0] as unknown[]) : null;
  const coreRuns = Array.isArray(md["core.runs"]) ? (md["core.runs"] as unknown[]) : null;
  const coreRunsSubruns = Array.isArray(md["core.runs_subruns"]) ? int((md["core.runs_subruns"] as unknown[])[0]) : null;
  return {
    runNumber: first(int(md.run_number), samRuns ? int(samRuns[0]) : null, coreRuns ? int(coreRuns[0]) : null, coreRunsSubruns !== null ? Math.floor(coreRunsSubruns / 100000) : null),
    subrun: first(int(md.subrun), int(md.subrun_number), samRuns && samRuns.length > 2 ? int(samRuns[1]) : null, coreRunsSubruns !== null ? coreRunsSubruns % 100000 : null),
    // SAM has no common detector field: experiments keep one under their own prefix (e.g. sbn_dm.detector).
    detector: first(text(md.detector), text(md["core.run_type"]), text(Object.entries(md).find(([k]) => k.endsWith(".detector"))?.[1])),
    stream: first(text(md.data_stream), text(md.stream), text(md["core.data_stream"])),
    dataTier: first(text(md.data_tier), text(md["core.data_tier"])),
    startTime: first(readTime(md.start_time), readTime(md["core.start_time"])),
    endTime: first(readTime(md.end_time), readTime(md["core.end_time"])),
    sizeBytes: first(int(size), int(md.file_size), int(md.size)),
    eventCount: first(int(md.event_count), int(md["core.event_count"])),
  };
}

/** A catalogue file from a name and the catalogue's metadata. */
export function catalogueFile(name: string, position: number, md: Record<string, unknown>, size?: unknown): CatalogueFile {
  return { name, position, ...columnsFromMetadata(md, size), metadata: md };
}

const PLAIN_KEYS = new Set(["run_number", "subrun", "subrun_number", "detector", "data_stream", "stream", "data_tier", "start_time", "end_time", "event_count", "file_size", "size", "runs", "file_name", "parents"]);

/** SAM metadata of an output (samweb's declare body): our columns in SAM's keys, other keys as given. */
export function samMetadata(name: string, size: number, md: Record<string, unknown>, parents: string[]): Record<string, unknown> {
  const c = columnsFromMetadata(md, size);
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(md).filter(([k]) => !PLAIN_KEYS.has(k) && !k.startsWith("core.")));
  out.file_name = name;
  out.file_size = size;
  if (c.dataTier) out.data_tier = c.dataTier;
  if (c.stream) out.data_stream = c.stream;
  if (c.runNumber !== null) out.runs = [[c.runNumber, c.subrun ?? 0, c.detector ?? "physics"]];
  if (c.startTime) out.start_time = c.startTime.toISOString();
  if (c.endTime) out.end_time = c.endTime.toISOString();
  if (c.eventCount !== null) out.event_count = c.eventCount;
  if (c.detector) out.detector = c.detector;
  if (parents.length) out.parents = parents.map((p) => ({ file_name: p }));
  return out;
}

/** MetaCat metadata of an output: every key must contain a dot (MetaCat's client refuses others), so ours become core.* or poms.*. */
export function metacatMetadata(md: Record<string, unknown>): Record<string, unknown> {
  const c = columnsFromMetadata(md);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(md)) if (!PLAIN_KEYS.has(k)) out[k.includes(".") ? k : `poms.${k}`] = v;
  if (c.runNumber !== null) out["core.runs"] = [c.runNumber];
  if (c.runNumber !== null && c.subrun !== null) out["core.runs_subruns"] = [c.runNumber * 100000 + c.subrun];
  if (c.detector) out["core.run_type"] = c.detector;
  if (c.stream) out["core.data_stream"] = c.stream;
  if (c.dataTier) out["core.data_tier"] = c.dataTier;
  if (c.startTime) out["core.start_time"] = c.startTime.getTime() / 1000;
  if (c.endTime) out["core.end_time"] = c.endTime.getTime() / 1000;
  if (c.eventCount !== null) out["core.event_count"] = c.eventCount;
  return out;
}
