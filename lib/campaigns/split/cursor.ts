/**
 * The split cursor: where the next launch of a stage starts. Stored as JSON in SplitCursor.position; one shape per
 * split type (a missing or foreign key reads as the start, so a stage whose split type changed starts over):
 *   none, limitn: {}                  nothing moves; every launch takes the same files
 *   nfiles:       { offset }          files already given out (0-based index of the next file)
 *   drainingn:    { launches }        how many slices count as delivered (see deliveringSubmissions)
 *   mod:          { k }               the next offset of the stride (0 ≤ k < n; k = n: every slice launched)
 *   list:         { index }           the next dataset of the list (0-based)
 *   byrun:        { run }             the next run number (low ≤ run ≤ high; high + 1: every run launched)
 *   draining, byexistingruns, stagedfiles: { launches }, as drainingn
 *   multiparam:   { index }           the next combination (0-based)
 *   new:          { t }               the next window's start (unix seconds); missing: firsttime, or the latest window
 *   slices:       { index }           how many slices were taken (draining: see deliveringSubmissions)
 * Pure.
 */
import type { SplitSpec } from "./spec";
import { MAX_RUN } from "./spec";
import { combinations } from "./multiparam";

export type SplitCursor = Record<string, number>;

const nf = (n: number) => n.toLocaleString("en-US");

function num(json: unknown, key: string): number | null {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return null;
  const v = (json as Record<string, unknown>)[key];
  return typeof v === "number" && Number.isSafeInteger(v) ? v : null;
}

/** The cursor a stage starts from. */
export function resetCursor(spec: SplitSpec): SplitCursor {
  switch (spec.type) {
    case "none":
    case "limitn":
      return {};
    case "nfiles":
      return { offset: 0 };
    case "drainingn":
    case "draining":
    case "byexistingruns":
    case "stagedfiles":
      return { launches: 0 };
    case "mod":
      return { k: 0 };
    case "list":
    case "multiparam":
    case "slices":
      return { index: 0 };
    case "byrun":
      return { run: spec.low };
    case "new":
      return {};
  }
}

/** Reads a stored cursor (any JSON) for this split type: missing, foreign or out-of-range values are clamped. */
export function readCursor(spec: SplitSpec, json: unknown): SplitCursor {
  switch (spec.type) {
    case "none":
    case "limitn":
      return {};
    case "nfiles":
      return { offset: Math.max(0, num(json, "offset") ?? 0) };
    case "drainingn":
    case "draining":
    case "byexistingruns":
    case "stagedfiles":
      return { launches: Math.max(0, num(json, "launches") ?? 0) };
    case "mod":
      return { k: Math.min(spec.n, Math.max(0, num(json, "k") ?? 0)) };
    case "list":
    case "slices":
      return { index: Math.max(0, num(json, "index") ?? 0) };
    case "multiparam":
      return { index: Math.min(combinations(spec), Math.max(0, num(json, "index") ?? 0)) };
    case "byrun":
      return { run: Math.min(spec.high + 1, Math.max(spec.low, num(json, "run") ?? spec.low)) };
    case "new": {
      const t = num(json, "t");
      return t === null ? {} : { t };
    }
  }
}

/** One slice back, never below the start. nfiles goes back n files; drainingn puts the latest slice's files back. */
export function stepBackCursor(spec: SplitSpec, cursor: SplitCursor): SplitCursor {
  const c = readCursor(spec, cursor);
  switch (spec.type) {
    case "none":
    case "limitn":
      return {};
    case "nfiles":
      return { offset: Math.max(0, c.offset - spec.n) };
    case "drainingn":
    case "draining":
    case "byexistingruns":
    case "stagedfiles":
      return { launches: Math.max(0, c.launches - 1) };
    case "mod":
      return { k: Math.max(0, c.k - 1) };
    case "list":
    case "multiparam":
    case "slices":
      return { index: Math.max(0, c.index - 1) };
    case "byrun":
      return { run: Math.max(spec.low, c.run - 1) };
    case "new": {
      // One window back; never before firsttime. Without a stored position there is nothing to step back from.
      if (c.t === undefined) return {};
      const back = c.t - spec.window;
      return spec.firsttime !== null && back < spec.firsttime ? {} : { t: back };
    }
  }
}

/**
 * Sets the cursor from the number a person typed, in their terms:
 *   nfiles: the first file of the next slice (1 = the start); mod: the next slice (1..n); list: the next dataset
 *   of the list (1 = the first); byrun: the next run (low..high); drainingn: how many slices count as delivered
 *   (0 = deliver every file again); slices: the next slice (the ones before it count as taken). none and limitn have no cursor.
 */
export function setCursor(spec: SplitSpec, value: number): { ok: true; cursor: SplitCursor } | { ok: false; message: string } {
  const whole = Number.isSafeInteger(value);
  switch (spec.type) {
    case "none":
    case "limitn":
      return { ok: false, message: `A stage split by ${spec.type} takes the same files every time, so it has no position to set.` };
    case "nfiles":
      if (!whole || value < 1) return { ok: false, message: "Give the number of the file the next slice starts with (1 is the first file)." };
      return { ok: true, cursor: { offset: value - 1 } };
    case "drainingn":
    case "draining":
    case "byexistingruns":
    case "stagedfiles":
      if (!whole || value < 0) return { ok: false, message: "Give how many slices count as delivered (0 delivers every file again)." };
      return { ok: true, cursor: { launches: value } };
    case "multiparam": {
      const all = combinations(spec);
      if (!whole || value < 1 || value > all) return { ok: false, message: `Give the next combination as a number from 1 to ${nf(all)}.` };
      return { ok: true, cursor: { index: value - 1 } };
    }
    case "slices":
      // Draining: slices 1 … value−1 (the latest launch of each) count as taken; 1 takes every file again.
      if (!whole || value < 1) return { ok: false, message: "Give the number of the next slice: the slices before it count as taken (1 takes every file again)." };
      return { ok: true, cursor: { index: value - 1 } };
    case "new":
      if (!whole || value < 0 || value > 253_402_300_799) return { ok: false, message: "Give the start of the next window as unix seconds (date -d 2026-06-20 +%s)." };
      return { ok: true, cursor: { t: value } };
    case "mod":
      if (!whole || value < 1 || value > spec.n) return { ok: false, message: `Give the next slice as a number from 1 to ${nf(spec.n)}.` };
      return { ok: true, cursor: { k: value - 1 } };
    case "list":
      if (!whole || value < 1) return { ok: false, message: "Give the number of the next dataset in the list (1 is the first)." };
      return { ok: true, cursor: { index: value - 1 } };
    case "byrun":
      if (!whole || value < spec.low || value > spec.high || value > MAX_RUN)
        return { ok: false, message: `Give the next run as a number from ${spec.low} to ${spec.high}.` };
      return { ok: true, cursor: { run: value } };
  }
}

/**
 * Where the next launch starts, in people's words ("next: files from 151", "next run: 1005"). For list, the stage's
 * input (when given) names the next dataset and says when the list is used up.
 */
export function describeCursor(spec: SplitSpec, cursor: SplitCursor, inputDataset?: string): string {
  const c = readCursor(spec, cursor);
  switch (spec.type) {
    case "none":
      return "every launch takes the whole dataset";
    case "limitn":
      return `every launch takes the first ${nf(spec.n)} files`;
    case "nfiles":
      return `next: files from ${nf(c.offset + 1)}`;
    case "drainingn":
      return c.launches === 0
        ? `next: up to ${nf(spec.n)} files, none delivered yet`
        : `next: up to ${nf(spec.n)} files not in slices 1–${nf(c.launches)}`;
    case "mod":
      return c.k >= spec.n ? `all ${nf(spec.n)} slices launched` : `next: slice ${nf(c.k + 1)} of ${nf(spec.n)}`;
    case "list": {
      if (inputDataset === undefined) return `next: dataset ${nf(c.index + 1)} of the list`;
      const list = listDatasets(inputDataset);
      if (c.index >= list.length) return `all ${nf(list.length)} datasets of the list launched`;
      return `next: dataset ${nf(c.index + 1)} of ${nf(list.length)}, ${list[c.index]}`;
    }
    case "byrun":
      return c.run > spec.high ? `all runs ${spec.low}–${spec.high} launched` : `next run: ${c.run}`;
    case "draining":
      return c.launches === 0 ? "next: every file, none delivered yet" : `next: every file not in slices 1–${nf(c.launches)}`;
    case "byexistingruns":
      return c.launches === 0 ? "next: the lowest run, none delivered yet" : `next: the lowest run with files not in slices 1–${nf(c.launches)}`;
    case "stagedfiles":
      return c.launches === 0 ? `next: up to ${nf(spec.n)} staged files, none delivered yet` : `next: up to ${nf(spec.n)} staged files not in slices 1–${nf(c.launches)}`;
    case "multiparam": {
      const all = combinations(spec);
      return c.index >= all ? `all ${nf(all)} combinations launched` : `next: combination ${nf(c.index + 1)} of ${nf(all)}`;
    }
    case "new":
      return c.t === undefined
        ? spec.firsttime !== null
          ? `next: the window from ${new Date(spec.firsttime * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`
          : "next: the latest closed window"
        : `next: the window from ${new Date(c.t * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
    case "slices":
      return c.index === 0 ? "next: slice 1, none taken yet (the stage page lists them)" : `next: slice ${nf(c.index + 1)}, the first over files not in slices 1–${nf(c.index)}`;
  }
}

/** The datasets of a list stage's input, in order: separated by commas, spaces or new lines. */
export function listDatasets(inputDataset: string): string[] {
  return inputDataset.split(/[\s,]+/).filter((d) => d !== "");
}

/**
 * drainingn (and draining, byexistingruns, stagedfiles, and campaign slicing by its index): which earlier submissions' files count as delivered. Every slice-taking drainingn launch
 * stores its cursor after the launch ({ launches: v }); for each v from 1 to the cursor's `launches`, the most
 * recent submission (highest id) that stored v delivered slice v. So a reset (0) delivers every file again, a
 * step back puts the latest slice's files back, and slices taken before a reset are forgotten once new slices
 * take their numbers. Returns the ids whose files the launcher passes to takeSlice as `delivered`.
 */
export function deliveringSubmissions(spec: SplitSpec, cursor: SplitCursor, submissions: readonly { id: number; cursorAfter: unknown }[]): number[] {
  if (spec.type !== "drainingn" && spec.type !== "draining" && spec.type !== "byexistingruns" && spec.type !== "stagedfiles" && spec.type !== "slices") return [];
  // Campaign slicing drains too: its { index } counts the slices taken, as the others' { launches }.
  const key = spec.type === "slices" ? "index" : "launches";
  const upTo = readCursor(spec, cursor)[key];
  const latest = new Map<number, number>();
  for (const s of submissions) {
    const v = num(s.cursorAfter, key);
    if (v === null || v < 1 || v > upTo) continue;
    if ((latest.get(v) ?? -Infinity) < s.id) latest.set(v, s.id);
  }
  return [...latest.values()].sort((a, b) => a - b);
}
