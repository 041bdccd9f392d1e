/**
 * Taking the next slice of a stage's dataset: (split type, cursor, the dataset's files) → (files, label, next
 * cursor). Nothing is mutated; the launcher stores `next` when it creates the submission. Pure.
 *
 * A refusal says why: "empty" (nothing to take at this position) or "exhausted" (every slice was taken). For the
 * split types that step through numbered units (mod offsets, list datasets, byrun runs) an empty unit still moves
 * the cursor on (`next`), so the next launch tries the next unit instead of refusing forever; for the others
 * `next` is null (the cursor stays, and a dataset that grows makes the next launch succeed).
 */
import type { SplitSpec } from "./spec";
import { listDatasets, readCursor, type SplitCursor } from "./cursor";

/** One file of a dataset, in the dataset's order (position). */
export type CatalogueFile = { name: string; position: number; runNumber: number | null };

export type SliceResult =
  | { ok: true; files: CatalogueFile[]; label: string; next: SplitCursor }
  | { ok: false; reason: "exhausted" | "empty"; message: string; next: SplitCursor | null };

const nf = (n: number) => n.toLocaleString("en-US");
const files = (n: number) => `${nf(n)} ${n === 1 ? "file" : "files"}`;

/**
 * The dataset this launch reads. For list: the cursor's entry of the comma/whitespace separated list in the
 * stage's input (refused when the list is empty or used up); for every other type the input itself, trimmed.
 */
export function datasetForLaunch(spec: SplitSpec, cursor: SplitCursor, inputDataset: string): { ok: true; dataset: string } | { ok: false; message: string } {
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

function sorted(list: readonly CatalogueFile[]): CatalogueFile[] {
  return [...list].sort((a, b) => a.position - b.position);
}

/**
 * The next slice. `files`: the dataset's files (for list: the files of the dataset datasetForLaunch chose), in any
 * order (sorted by position here); `delivered`: names given to earlier slices of this stage (drainingn only; the
 * launcher collects the files of the submissions deliveringSubmissions(...) names).
 */
export function takeSlice(input: { spec: SplitSpec; cursor: SplitCursor; files: readonly CatalogueFile[]; delivered: ReadonlySet<string> }): SliceResult {
  const { spec } = input;
  const all = sorted(input.files);
  const c = readCursor(spec, input.cursor);
  const total = all.length;
  const emptyDataset: SliceResult = { ok: false, reason: "empty", message: "The dataset has no files yet.", next: null };

  switch (spec.type) {
    case "none":
      if (total === 0) return emptyDataset;
      return { ok: true, files: all, label: `all ${files(total)}`, next: {} };

    case "limitn": {
      if (total === 0) return emptyDataset;
      const taken = all.slice(0, spec.n);
      return { ok: true, files: taken, label: taken.length < spec.n ? `all ${files(total)} (limit ${nf(spec.n)})` : `first ${nf(spec.n)} of ${files(total)}`, next: {} };
    }

    case "nfiles": {
      if (total === 0) return emptyDataset;
      if (c.offset >= total)
        return {
          ok: false,
          reason: "exhausted",
          message: `All ${files(total)} have been given out in slices of ${nf(spec.n)}. Reset the stage's position to start again, or launch once the dataset has grown.`,
          next: null,
        };
      const taken = all.slice(c.offset, c.offset + spec.n);
      const first = c.offset + 1;
      const last = c.offset + taken.length;
      return { ok: true, files: taken, label: first === last ? `file ${nf(first)} of ${nf(total)}` : `files ${nf(first)}–${nf(last)} of ${nf(total)}`, next: { offset: last } };
    }

    case "drainingn": {
      if (total === 0) return emptyDataset;
      const fresh = all.filter((f) => !input.delivered.has(f.name));
      if (fresh.length === 0)
        return {
          ok: false,
          reason: "exhausted",
          message: `All ${files(total)} of the dataset were already delivered. Launch again once new files arrive, or step the stage's position back to deliver the latest slice again.`,
          next: null,
        };
      const taken = fresh.slice(0, spec.n);
      const left = fresh.length - taken.length;
      return { ok: true, files: taken, label: `${files(taken.length)} not yet delivered (${nf(left)} left of ${nf(total)})`, next: { launches: c.launches + 1 } };
    }

    case "mod": {
      if (c.k >= spec.n)
        return { ok: false, reason: "exhausted", message: `All ${nf(spec.n)} slices have been launched. Reset the stage's position to start again.`, next: null };
      const taken = all.filter((_, i) => i % spec.n === c.k);
      const next = { k: c.k + 1 };
      const name = `slice ${nf(c.k + 1)} of ${nf(spec.n)}`;
      if (taken.length === 0)
        return {
          ok: false,
          reason: "empty",
          message: total === 0 ? "The dataset has no files yet." : `${name[0].toUpperCase()}${name.slice(1)} has no files: the dataset has only ${files(total)}.${c.k + 1 < spec.n ? ` The next launch takes slice ${nf(c.k + 2)}.` : " It was the last slice."}`,
          next: total === 0 ? null : next,
        };
      return { ok: true, files: taken, label: `${name}: every ${spec.n === 1 ? "" : `${ordinal(spec.n)} `}file from file ${nf(c.k + 1)}, ${files(taken.length)}`, next };
    }

    case "list": {
      const next = { index: c.index + 1 };
      if (total === 0)
        return { ok: false, reason: "empty", message: `Dataset ${nf(c.index + 1)} of the list has no files. The next launch takes dataset ${nf(c.index + 2)}.`, next };
      return { ok: true, files: all, label: `dataset ${nf(c.index + 1)} of the list, ${files(total)}`, next };
    }

    case "byrun": {
      if (c.run > spec.high)
        return { ok: false, reason: "exhausted", message: `Every run from ${spec.low} to ${spec.high} has been launched. Reset the stage's position to start again.`, next: null };
      const taken = all.filter((f) => f.runNumber === c.run);
      const next = { run: c.run + 1 };
      if (taken.length === 0)
        return {
          ok: false,
          reason: "empty",
          message: c.run < spec.high ? `Run ${c.run} has no files in the dataset. The next launch takes run ${c.run + 1}.` : `Run ${c.run} has no files in the dataset; it was the last run of the range.`,
          next,
        };
      return { ok: true, files: taken, label: `run ${c.run}, ${files(taken.length)}`, next };
    }
  }
}

function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${nf(n)}${suffix}`;
}

/** What the next launch would take, without moving anything (the launch preview): takeSlice under another name. */
export const previewSlice = takeSlice;
