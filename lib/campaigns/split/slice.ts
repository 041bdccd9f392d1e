/**
 * Taking the next slice of a stage's dataset: (split type, cursor, the dataset's files) → (files, label, next
 * cursor). Nothing is mutated; the launcher stores `next` when it creates the submission. Pure.
 *
 * A refusal says why: "empty" (nothing to take at this position) or "exhausted" (every slice was taken). For the
 * split types that step through numbered units (mod offsets, list datasets, byrun runs) an empty unit still moves
 * the cursor on (`next`), so the next launch tries the next unit instead of refusing forever; for the others
 * `next` is null (the cursor stays, and a dataset that grows makes the next launch succeed).
 *
 * Two paths cut the same slices: this module over a list of files (the rules, unit-tested), and
 * lib/launch/take-slice.ts in PostgreSQL for large datasets. Both work in three steps that share the deciding code:
 * the dataset's **facts** (counts: total, not yet delivered, …) → the **selection** (which files: a range, a run,
 * a time window, a planned slice; or a refusal) → the files → the **outcome** (label, next cursor, key, options).
 */
import type { SplitSpec } from "./spec";
import { listDatasets, readCursor, type SplitCursor } from "./cursor";
import { combination, combinations } from "./multiparam";
import { firstWindowStart, nextWindow } from "./keep-up";
import { catchAllCount, filesOfSlice, planSlices, summarise, timeOrder, type PlannedSlice, type SliceGroup } from "./campaign-slicing";
import { filesWord as files, nf } from "./text";

/**
 * One file of a dataset, in the dataset's order (position). The optional fields serve the newer split types:
 * startTime (ms, UTC) for new(...) and campaign slicing, located (the file has a location) for stagedfiles, values
 * (metadata component → value, null when missing) for campaign slicing.
 */
export type CatalogueFile = { name: string; position: number; runNumber: number | null; startTime?: number | null; located?: boolean; values?: Record<string, string | null> };

/** What a successful slice carries besides its files (all optional: only some split types fill them). */
export type SliceExtras = {
  /** Campaign slicing: the slice's stable key, and whether it is the catch-all. */
  sliceKey?: string;
  catchAll?: boolean;
  /** Campaign slicing: the slice's combination (component → value), for per-slice options. */
  values?: Record<string, string> | null;
  /** multiparam: the combination, for the command (%(dataset)s and the named lists). */
  dataset?: string;
  params?: Record<string, string>;
};

export type SliceResult =
  | ({ ok: true; files: CatalogueFile[]; label: string; next: SplitCursor } & SliceExtras)
  | { ok: false; reason: "exhausted" | "empty"; message: string; next: SplitCursor | null };

/**
 * The dataset this launch reads. For list: the cursor's entry of the comma/whitespace separated list in the
 * stage's input (refused when the list is empty or used up); multiparam reads no dataset; for every other type the
 * input itself, trimmed.
 */
export function datasetForLaunch(spec: SplitSpec, cursor: SplitCursor, inputDataset: string): { ok: true; dataset: string } | { ok: false; message: string } {
  if (spec.type === "multiparam") return { ok: true, dataset: "" };
  if (spec.type !== "list") {
    const dataset = inputDataset.trim();
    if (dataset === "") return { ok: false, message: "The stage has no input dataset; set one before launching." };
    return { ok: true, dataset };
  }
  const list = listDatasets(inputDataset);
  if (list.length === 0) return { ok: false, message: "The stage's list of datasets is empty; give the datasets separated by commas." };
  const { index } = readCursor(spec, cursor);
  if (index >= list.length)
    return { ok: false, message: `All ${nf(list.length)} datasets of the list have been launched. Reset the stage's position to start again.` };
  return { ok: true, dataset: list[index] };
}

/** Split types that hand out only files not yet delivered (the launcher collects the delivered ones). */
export const DRAINING_TYPES = new Set<SplitSpec["type"]>(["drainingn", "draining", "byexistingruns", "stagedfiles", "slices"]);

// ── Step 1: facts ──────────────────────────────────────────────────────────────────────────────────────────────

/** The counts a split type decides from. Only the fields its type needs are filled. */
export type SliceFacts = {
  total: number;
  /** Files not yet delivered (draining types). */
  fresh?: number;
  /** Not delivered and located (stagedfiles). */
  freshLocated?: number;
  /** The lowest run among files not yet delivered, and how many of those have no run (byexistingruns). */
  freshMinRun?: number | null;
  freshWithoutRun?: number;
  /** new(...): the earliest start time (seconds) at or after the window cursor, and how many files have no start time. */
  earliestFrom?: number | null;
  /** Campaign slicing: the count per group of the files not yet delivered, and over the whole dataset. */
  groups?: SliceGroup[];
  allGroups?: SliceGroup[];
};

/** Where the time-window cursor stands (new): its stored start, or the first window. */
export function keepUpFrom(spec: Extract<SplitSpec, { type: "new" }>, cursor: SplitCursor, nowMs: number): number {
  const c = readCursor(spec, cursor);
  return c.t ?? firstWindowStart(spec, Math.floor(nowMs / 1000));
}

// ── Step 2: selection ──────────────────────────────────────────────────────────────────────────────────────────

/** Which files a launch takes, in terms both paths can execute. Files are ordered by position unless said. */
export type Selection =
  | { kind: "all" }
  | { kind: "range"; offset: number; limit: number }
  | { kind: "fresh"; limit: number | null; located?: true; run?: number }
  | { kind: "mod"; n: number; k: number }
  | { kind: "run"; run: number }
  /** Files whose start time lies in [startMs, endMs), in time order. */
  | { kind: "window"; startMs: number; endMs: number }
  /** A planned campaign slice (files in time order within its group). */
  | { kind: "slice"; slice: PlannedSlice; catchAllFiles: number }
  | { kind: "nothing" };

type Refusal = Extract<SliceResult, { ok: false }>;
const emptyDataset: Refusal = { ok: false, reason: "empty", message: "The dataset has no files yet.", next: null };

export function selectionFor(spec: SplitSpec, cursor: SplitCursor, facts: SliceFacts, nowMs: number): Selection | Refusal {
  const c = readCursor(spec, cursor);
  const { total } = facts;
  switch (spec.type) {
    case "none":
    case "list":
      if (total === 0) return spec.type === "list" ? { ok: false, reason: "empty", message: `Dataset ${nf(c.index + 1)} of the list has no files. The next launch takes dataset ${nf(c.index + 2)}.`, next: { index: c.index + 1 } } : emptyDataset;
      return { kind: "all" };
    case "limitn":
      if (total === 0) return emptyDataset;
      return { kind: "range", offset: 0, limit: spec.n };
    case "nfiles":
      if (total === 0) return emptyDataset;
      if (c.offset >= total)
        return {
          ok: false,
          reason: "exhausted",
          message: `All ${files(total)} have been given out in slices of ${nf(spec.n)}. Reset the stage's position to start again, or launch once the dataset has grown.`,
          next: null,
        };
      return { kind: "range", offset: c.offset, limit: spec.n };
    case "drainingn":
    case "draining":
      if (total === 0) return emptyDataset;
      if ((facts.fresh ?? 0) === 0)
        return {
          ok: false,
          reason: "exhausted",
          message: `All ${files(total)} of the dataset were already delivered. Launch again once new files arrive, or step the stage's position back to deliver the latest slice again.`,
          next: null,
        };
      return { kind: "fresh", limit: spec.type === "drainingn" ? spec.n : null };
    case "stagedfiles":
      if (total === 0) return emptyDataset;
      if ((facts.freshLocated ?? 0) === 0) {
        const waiting = facts.fresh ?? 0;
        return waiting > 0
          ? { ok: false, reason: "empty", message: `None of the ${files(waiting)} not yet delivered has a location yet; launch again once they are staged.`, next: null }
          : { ok: false, reason: "exhausted", message: `All ${files(total)} of the dataset were already delivered. Launch again once new files arrive.`, next: null };
      }
      return { kind: "fresh", limit: spec.n, located: true };
    case "byexistingruns":
      if (total === 0) return emptyDataset;
      if (facts.freshMinRun === null || facts.freshMinRun === undefined) {
        const noRun = facts.freshWithoutRun ?? 0;
        return {
          ok: false,
          reason: "exhausted",
          message: `Every run of the dataset was already delivered.${noRun ? ` ${files(noRun)} without a run number ${noRun === 1 ? "is" : "are"} never taken by this split type.` : ""} Launch again once new files arrive.`,
          next: null,
        };
      }
      return { kind: "fresh", limit: null, run: facts.freshMinRun };
    case "mod": {
      if (c.k >= spec.n) return { ok: false, reason: "exhausted", message: `All ${nf(spec.n)} slices have been launched. Reset the stage's position to start again.`, next: null };
      if (total === 0) return emptyDataset;
      if (c.k >= total) {
        const name = `Slice ${nf(c.k + 1)} of ${nf(spec.n)}`;
        return { ok: false, reason: "empty", message: `${name} has no files: the dataset has only ${files(total)}.${c.k + 1 < spec.n ? ` The next launch takes slice ${nf(c.k + 2)}.` : " It was the last slice."}`, next: { k: c.k + 1 } };
      }
      return { kind: "mod", n: spec.n, k: c.k };
    }
    case "byrun":
      if (c.run > spec.high) return { ok: false, reason: "exhausted", message: `Every run from ${spec.low} to ${spec.high} has been launched. Reset the stage's position to start again.`, next: null };
      return { kind: "run", run: c.run };
    case "multiparam": {
      const all = combinations(spec);
      if (c.index >= all) return { ok: false, reason: "exhausted", message: `All ${nf(all)} combinations have been launched. Reset the stage's position to start again.`, next: null };
      return { kind: "nothing" };
    }
    case "new": {
      if (total === 0) return emptyDataset;
      const from = keepUpFrom(spec, cursor, nowMs);
      const w = nextWindow(spec, from, facts.earliestFrom ?? null, Math.floor(nowMs / 1000));
      const at = (s: number) => `${new Date(s * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
      if (w.kind === "done") return { ok: false, reason: "exhausted", message: `Every window up to ${at(spec.lasttime!)} has been launched. Reset the stage's position to start again.`, next: null };
      if (w.kind !== "window")
        return {
          ok: false,
          reason: "empty",
          message: facts.earliestFrom == null ? `No file starts at or after ${at(from)} yet; launch again once new files arrive.` : `The next window, from ${at(w.start)}, is taken once it has closed and ${Math.round(spec.lag / 60)} minutes more have passed (for files still arriving).`,
          next: null,
        };
      return { kind: "window", startMs: w.start * 1000, endMs: w.end * 1000 };
    }
    case "slices": {
      if (total === 0) return emptyDataset;
      // Draining: the first slice of the plan over the files no earlier slice took.
      const plan = planSlices(spec, facts.groups ?? [], facts.allGroups);
      if (!plan.length)
        return {
          ok: false,
          reason: "exhausted",
          message: `Every file of the dataset has been launched, in ${nf(c.index)} ${c.index === 1 ? "slice" : "slices"}. Launch again once new files arrive, or step the stage back to launch the latest slice again.`,
          next: null,
        };
      return { kind: "slice", slice: plan[0], catchAllFiles: catchAllCount(facts.groups ?? []) };
    }
  }
}

// ── Step 4: outcome ────────────────────────────────────────────────────────────────────────────────────────────

function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${nf(n)}${suffix}`;
}

/** The slice a selection gave: its label, the next cursor and what else the split type carries. */
export function outcomeOf(spec: SplitSpec, cursor: SplitCursor, facts: SliceFacts, selection: Selection, taken: CatalogueFile[]): SliceResult {
  const c = readCursor(spec, cursor);
  const { total } = facts;
  const ok = (label: string, next: SplitCursor, extras: SliceExtras = {}): SliceResult => ({ ok: true, files: taken, label, next, ...extras });
  switch (spec.type) {
    case "none":
      return ok(`all ${files(total)}`, {});
    case "list":
      return ok(`dataset ${nf(c.index + 1)} of the list, ${files(total)}`, { index: c.index + 1 });
    case "limitn":
      return ok(taken.length < spec.n ? `all ${files(total)} (limit ${nf(spec.n)})` : `first ${nf(spec.n)} of ${files(total)}`, {});
    case "nfiles": {
      const first = c.offset + 1;
      const last = c.offset + taken.length;
      return ok(first === last ? `file ${nf(first)} of ${nf(total)}` : `files ${nf(first)}–${nf(last)} of ${nf(total)}`, { offset: last });
    }
    case "drainingn":
      return ok(`${files(taken.length)} not yet delivered (${nf((facts.fresh ?? 0) - taken.length)} left of ${nf(total)})`, { launches: c.launches + 1 });
    case "draining":
      return ok(`every file not yet delivered: ${files(taken.length)} of ${nf(total)}`, { launches: c.launches + 1 });
    case "stagedfiles":
      return ok(`${files(taken.length)} staged and not yet delivered (${nf((facts.freshLocated ?? 0) - taken.length)} more staged, ${nf((facts.fresh ?? 0) - (facts.freshLocated ?? 0))} waiting for a location)`, { launches: c.launches + 1 });
    case "byexistingruns":
      return ok(`run ${selection.kind === "fresh" ? selection.run : "?"}, ${files(taken.length)} not yet delivered`, { launches: c.launches + 1 });
    case "mod": {
      const name = `slice ${nf(c.k + 1)} of ${nf(spec.n)}`;
      return ok(`${name}: every ${spec.n === 1 ? "" : `${ordinal(spec.n)} `}file from file ${nf(c.k + 1)}, ${files(taken.length)}`, { k: c.k + 1 });
    }
    case "byrun": {
      if (taken.length === 0)
        return {
          ok: false,
          reason: "empty",
          message: c.run < spec.high ? `Run ${c.run} has no files in the dataset. The next launch takes run ${c.run + 1}.` : `Run ${c.run} has no files in the dataset; it was the last run of the range.`,
          next: { run: c.run + 1 },
        };
      return ok(`run ${c.run}, ${files(taken.length)}`, { run: c.run + 1 });
    }
    case "multiparam": {
      const { values, params } = combination(spec, c.index);
      return ok(`combination ${nf(c.index + 1)} of ${nf(combinations(spec))}: ${values.join(" × ")}`, { index: c.index + 1 }, { dataset: values.join("_"), params });
    }
    case "new": {
      if (selection.kind !== "window") throw new Error("new: the selection is a window");
      const at = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
      return ok(`window ${at(selection.startMs)} – ${at(selection.endMs)} UTC, ${files(taken.length)}`, { t: selection.endMs / 1000 });
    }
    case "slices": {
      if (selection.kind !== "slice") throw new Error("slices: the selection is a planned slice");
      const s = selection.slice;
      const plan = planSlices(spec, facts.groups ?? [], facts.allGroups);
      return ok(`slice ${nf(c.index + s.index + 1)} of ${nf(c.index + plan.length)}, ${s.label}`, { index: c.index + 1 }, { sliceKey: s.key, catchAll: s.kind === "catch-all", values: s.values });
    }
  }
}

// ── The pure path: facts and selection over a list of files ────────────────────────────────────────────────────

function slicingFile(f: CatalogueFile) {
  return { name: f.name, position: f.position, startTime: f.startTime ?? null, values: f.values ?? {}, source: f };
}

/** The facts of a list of files (step 1, pure). */
export function factsOf(spec: SplitSpec, cursor: SplitCursor, all: readonly CatalogueFile[], delivered: ReadonlySet<string>, nowMs: number): SliceFacts {
  const facts: SliceFacts = { total: all.length };
  if (DRAINING_TYPES.has(spec.type)) {
    const fresh = all.filter((f) => !delivered.has(f.name));
    facts.fresh = fresh.length;
    facts.freshLocated = fresh.filter((f) => f.located).length;
    const runs = fresh.map((f) => f.runNumber).filter((r): r is number => r !== null);
    facts.freshMinRun = runs.length ? Math.min(...runs) : null;
    facts.freshWithoutRun = fresh.length - runs.length;
  }
  if (spec.type === "new") {
    const fromMs = keepUpFrom(spec, cursor, nowMs) * 1000;
    const times = all.map((f) => f.startTime).filter((t): t is number => t !== null && t !== undefined && t >= fromMs);
    facts.earliestFrom = times.length ? Math.min(...times) / 1000 : null;
  }
  if (spec.type === "slices") {
    const wrapped = all.map(slicingFile);
    facts.allGroups = summarise(spec, wrapped);
    facts.groups = delivered.size ? summarise(spec, wrapped, delivered) : facts.allGroups;
  }
  return facts;
}

/** The files a selection takes (step 3, pure). */
export function selectFiles(spec: SplitSpec, selection: Selection, sortedFiles: readonly CatalogueFile[], delivered: ReadonlySet<string>): CatalogueFile[] {
  switch (selection.kind) {
    case "all":
      return [...sortedFiles];
    case "range":
      return sortedFiles.slice(selection.offset, selection.offset + selection.limit);
    case "fresh": {
      const fresh = sortedFiles.filter((f) => !delivered.has(f.name) && (!selection.located || f.located) && (selection.run === undefined || f.runNumber === selection.run));
      return selection.limit === null ? fresh : fresh.slice(0, selection.limit);
    }
    case "mod":
      return sortedFiles.filter((_, i) => i % selection.n === selection.k);
    case "run":
      return sortedFiles.filter((f) => f.runNumber === selection.run);
    case "window":
      return sortedFiles
        .filter((f) => f.startTime != null && f.startTime >= selection.startMs && f.startTime < selection.endMs)
        .sort((a, b) => timeOrder({ ...slicingFile(a) }, { ...slicingFile(b) }));
    case "slice": {
      if (spec.type !== "slices") return [];
      const wrapped = sortedFiles.map(slicingFile);
      return filesOfSlice(spec, wrapped, selection.slice, delivered).map((w) => (w as ReturnType<typeof slicingFile>).source);
    }
    case "nothing":
      return [];
  }
}

/**
 * The next slice. `files`: the dataset's files (for list: the files of the dataset datasetForLaunch chose), in any
 * order (sorted by position here); `delivered`: names given to earlier slices of this stage (the draining types;
 * the launcher collects the files of the submissions deliveringSubmissions(...) names); `now` (ms) for new(...).
 */
export function takeSlice(input: { spec: SplitSpec; cursor: SplitCursor; files: readonly CatalogueFile[]; delivered: ReadonlySet<string>; now?: number }): SliceResult {
  const { spec, cursor, delivered } = input;
  const now = input.now ?? Date.now();
  const all = [...input.files].sort((a, b) => a.position - b.position);
  const facts = factsOf(spec, cursor, all, delivered, now);
  const selection = selectionFor(spec, cursor, facts, now);
  if ("ok" in selection) return selection;
  return outcomeOf(spec, cursor, facts, selection, selectFiles(spec, selection, all, delivered));
}

/** What the next launch would take, without moving anything (the launch preview): takeSlice under another name. */
export const previewSlice = takeSlice;
