/**
 * The seed's campaign slicing as a pure rule (spec in campaign-slicing-spec.ts; reading in docs/decisions.md).
 *
 * 1. Every file is classified: it is **tagged** when it has a value for every metadata component (and a start time
 *    when time slices are asked for); otherwise it belongs to the **catch-all**. A tagged file's combination is its
 *    component values; its time slice is the day, week (Monday) or month of its start time (UTC).
 * 2. With a pilot (P%), within each combination the tagged files in time order (start time, then dataset position;
 *    files without a start time last) are ranked from 0, and every file whose rank is a multiple of k = round(100/P)
 *    is a pilot file: the first, the (k+1)-th, … so even a combination of fewer than k files gets a pilot.
 * 3. The slices, in launch order: the pilot of each combination (combinations in value order), cut into
 *    submissions of d files; then each time slice × combination (time first, so every combination advances week by
 *    week) without its pilot files, cut into submissions of d; then the catch-all, cut into submissions of d, flagged.
 * 4. Draining: each launch takes the FIRST slice of the plan over the files no earlier slice of the stage took
 *    (`delivered`), so a dataset that grows between launches (a new combination sorting first, files with earlier
 *    start times) never has a slice taken twice or skipped. A file's group (combination, time slice, pilot or not)
 *    is always worked out over the whole dataset; only the counts are of the files not yet delivered. The plan is
 *    worked out from those counts (summarise, or the same GROUP BY in PostgreSQL: lib/launch/take-slice.ts) and a
 *    slice's files are the first d of its group's undelivered files in time order, so both paths cut identically.
 *    The cursor `{ index }` counts the slices taken (deliveringSubmissions reads it as drainingn reads launches).
 * Every file lands in exactly one slice: a file is tagged or not; a tagged file is pilot or not; pilot files are
 * cut per combination, the others per (time slice, combination); a delivered file is never offered again. Pure.
 */
import { pilotStride, type CampaignSlicingSpec } from "./campaign-slicing-spec";
import { filesWord, nf } from "./text";

/** A file as campaign slicing sees it: start time in ms (UTC) and its component values (null: missing). */
export type SlicingFile = { name: string; position: number; startTime: number | null; values: Record<string, string | null> };

/** How many files of one group: catch-all, or a combination (× time slice), pilot or not. */
export type SliceGroup = { catchAll: boolean; values: string[]; bucket: string | null; pilot: boolean; count: number };

export type PlannedSlice = {
  index: number;
  kind: "pilot" | "tagged" | "catch-all";
  /** The combination's values by component name (null for the catch-all). */
  values: Record<string, string> | null;
  /** The time slice's first day, YYYY-MM-DD (tagged slices with time slicing only). */
  bucket: string | null;
  /** 1-based part of its group, and how many parts the group has. */
  part: number;
  parts: number;
  /** Position of its first file among its group's files in time order, and how many files it has. */
  offset: number;
  /** Tagged slices: how many of the combination's tagged files lie in earlier time slices (their first rank). */
  rankBase: number;
  count: number;
  key: string;
  label: string;
};

const isMissing = (v: string | null | undefined) => v === null || v === undefined || v === "";

/** The time slice of a start time: its day, the Monday of its week, or the first of its month (UTC), as YYYY-MM-DD. */
export function timeBucket(ms: number, time: "day" | "week" | "month"): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  let day = d.getUTCDate();
  if (time === "month") day = 1;
  else if (time === "week") day -= (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(y, m, day)).toISOString().slice(0, 10);
}

/** The order of files within every group: start time (missing last), then dataset position. */
export function timeOrder(a: SlicingFile, b: SlicingFile): number {
  if (a.startTime !== b.startTime) {
    if (a.startTime === null) return 1;
    if (b.startTime === null) return -1;
    return a.startTime - b.startTime;
  }
  return a.position - b.position;
}

type Classified = { file: SlicingFile; catchAll: boolean; values: string[]; bucket: string | null; pilot: boolean };

/** Each file's group (step 1 and 2 above), in time order. */
export function classify(spec: CampaignSlicingSpec, files: readonly SlicingFile[]): Classified[] {
  const stride = pilotStride(spec);
  const rank = new Map<string, number>();
  return [...files].sort(timeOrder).map((file) => {
    const values = spec.components.map((c) => file.values[c] ?? null);
    const catchAll = values.some(isMissing) || (spec.time !== null && file.startTime === null);
    if (catchAll) return { file, catchAll, values: [], bucket: null, pilot: false };
    const combo = JSON.stringify(values);
    const r = rank.get(combo) ?? 0;
    rank.set(combo, r + 1);
    return { file, catchAll, values: values as string[], bucket: spec.time ? timeBucket(file.startTime!, spec.time) : null, pilot: stride !== null && r % stride === 0 };
  });
}

/** A group's count before the pilot is taken out: what PostgreSQL counts with one GROUP BY (no ranking needed). */
export type RawGroup = { catchAll: boolean; values: string[]; bucket: string | null; count: number };

/**
 * The pilot's share of each group, by arithmetic: within a combination, files are ranked in time order, and a
 * time slice's files are a contiguous run of ranks (the time slice is a monotone function of the start time). So a
 * group whose files hold ranks [R, R + n) has ⌈(R + n)/k⌉ − ⌈R/k⌉ pilot files (the multiples of k in that run),
 * R being the count of the combination's files in earlier time slices. Gives exactly summarise()'s groups.
 */
export function withPilots(spec: CampaignSlicingSpec, raw: readonly RawGroup[]): SliceGroup[] {
  const k = pilotStride(spec);
  const out: SliceGroup[] = [];
  const byCombo = new Map<string, RawGroup[]>();
  for (const g of raw) {
    if (g.count <= 0) continue;
    if (g.catchAll || k === null) {
      out.push({ ...g, pilot: false });
      continue;
    }
    const id = JSON.stringify(g.values);
    byCombo.set(id, [...(byCombo.get(id) ?? []), g]);
  }
  for (const groups of byCombo.values()) {
    let r = 0;
    for (const g of [...groups].sort((a, b) => ((a.bucket ?? "") < (b.bucket ?? "") ? -1 : (a.bucket ?? "") > (b.bucket ?? "") ? 1 : 0))) {
      const pilots = Math.ceil((r + g.count) / k!) - Math.ceil(r / k!);
      if (pilots > 0) out.push({ catchAll: false, values: g.values, bucket: g.bucket, pilot: true, count: pilots });
      if (g.count - pilots > 0) out.push({ catchAll: false, values: g.values, bucket: g.bucket, pilot: false, count: g.count - pilots });
      r += g.count;
    }
  }
  return out;
}

/** A group's count over the whole dataset, and how many of its files earlier launches of the stage took. */
export type CountedGroup = RawGroup & { delivered: number };

/**
 * The counts of the files still to take (draining), by arithmetic wherever it decides: a group none of whose files
 * were taken splits into pilot and rest as withPilots does, a group whose files were all taken has none left, and the
 * catch-all has no pilot. Only a tagged group partly taken needs its remaining files ranked (which of them are pilot
 * files): those come back in `partial`, each with its first rank within its combination, for the caller to count.
 */
export function freshCounts(spec: CampaignSlicingSpec, counted: readonly CountedGroup[]): { groups: SliceGroup[]; partial: (RawGroup & { rankBase: number })[] } {
  const k = pilotStride(spec);
  const groups: SliceGroup[] = [];
  const partial: (RawGroup & { rankBase: number })[] = [];
  const byCombo = new Map<string, CountedGroup[]>();
  for (const g of counted) {
    if (g.count <= 0) continue;
    if (g.catchAll || k === null) {
      if (g.count - g.delivered > 0) groups.push({ catchAll: g.catchAll, values: g.values, bucket: g.bucket, pilot: false, count: g.count - g.delivered });
      continue;
    }
    const id = JSON.stringify(g.values);
    byCombo.set(id, [...(byCombo.get(id) ?? []), g]);
  }
  for (const list of byCombo.values()) {
    let r = 0;
    for (const g of [...list].sort((a, b) => ((a.bucket ?? "") < (b.bucket ?? "") ? -1 : (a.bucket ?? "") > (b.bucket ?? "") ? 1 : 0))) {
      if (g.delivered === 0) {
        const pilots = Math.ceil((r + g.count) / k!) - Math.ceil(r / k!);
        if (pilots > 0) groups.push({ catchAll: false, values: g.values, bucket: g.bucket, pilot: true, count: pilots });
        if (g.count - pilots > 0) groups.push({ catchAll: false, values: g.values, bucket: g.bucket, pilot: false, count: g.count - pilots });
      } else if (g.delivered < g.count) {
        partial.push({ catchAll: false, values: g.values, bucket: g.bucket, count: g.count, rankBase: r });
      }
      r += g.count;
    }
  }
  return { groups, partial };
}

/**
 * The count per group (pure, by classifying every file); PostgreSQL gets the same from withPilots over its counts.
 * With `delivered`, only the files not in it are counted (each still in the group the whole dataset gives it).
 */
export function summarise(spec: CampaignSlicingSpec, files: readonly SlicingFile[], delivered?: ReadonlySet<string>): SliceGroup[] {
  const groups = new Map<string, SliceGroup>();
  for (const c of classify(spec, files)) {
    if (delivered?.has(c.file.name)) continue;
    const id = JSON.stringify([c.catchAll, c.values, c.bucket, c.pilot]);
    const g = groups.get(id);
    if (g) g.count++;
    else groups.set(id, { catchAll: c.catchAll, values: c.values, bucket: c.bucket, pilot: c.pilot, count: 1 });
  }
  return [...groups.values()];
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

const comboText = (spec: CampaignSlicingSpec, values: readonly string[]) => spec.components.map((c, i) => `${c}=${values[i]}`).join(",");
const comboWords = (spec: CampaignSlicingSpec, values: readonly string[]) => spec.components.map((c, i) => `${c.replace(/_/g, " ")} ${values[i]}`).join(", ");
const bucketWords = (time: CampaignSlicingSpec["time"], bucket: string) => (time === "day" ? `day ${bucket}` : time === "week" ? `week of ${bucket}` : `month ${bucket.slice(0, 7)}`);

/** What the catch-all holds, in people's words. */
export function catchAllWords(spec: CampaignSlicingSpec): string {
  const missing = [...spec.components.map((c) => c.replace(/_/g, " ")), ...(spec.time ? ["start time"] : [])];
  if (!missing.length) return "files in no tagged slice";
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} or ${missing[missing.length - 1]}`;
  return `files in no tagged slice (missing ${list})`;
}

/**
 * The slices in launch order (step 3), from the counts per group of the files still to take (`groups`). `all`: the
 * counts over the whole dataset (default: `groups`, nothing taken yet), for part numbers that go on from the parts
 * already taken and for each time slice's first rank within its combination.
 */
export function planSlices(spec: CampaignSlicingSpec, groups: readonly SliceGroup[], all: readonly SliceGroup[] = groups): PlannedSlice[] {
  const d = spec.files ?? Infinity;
  const out: PlannedSlice[] = [];
  /** `taken`: how many of the group's files earlier slices took (their parts come first in the numbering). */
  const cut = (kind: PlannedSlice["kind"], values: string[] | null, bucket: string | null, count: number, taken: number, rankBase = 0) => {
    const before = Number.isFinite(d) ? Math.ceil(taken / d) : taken > 0 ? 1 : 0;
    const parts = before + Math.max(1, Math.ceil(count / d));
    for (let p = 0; p < parts - before; p++) {
      const offset = p * (Number.isFinite(d) ? d : 0);
      const n = Math.min(count - offset, d);
      const part = before + p + 1;
      const partText = parts > 1 ? `${kind === "pilot" ? "" : ", "}part ${nf(part)} of ${nf(parts)}` : "";
      let key: string;
      let label: string;
      if (kind === "catch-all") {
        key = `catch-all#${part}`;
        label = `catch-all: ${catchAllWords(spec)}${partText} — ${filesWord(n)}`;
      } else if (kind === "pilot") {
        const combo = values!.length ? comboText(spec, values!) : "all";
        key = `pilot:${combo}#${part}`;
        label = `pilot${parts > 1 ? ` ${nf(part)} of ${nf(parts)}` : ""}${values!.length ? `: ${comboWords(spec, values!)}` : ""} — ${filesWord(n)}`;
      } else {
        const combo = values!.length ? comboText(spec, values!) : "all";
        key = `${combo}${bucket ? `;${spec.time}=${bucket}` : ""}#${part}`;
        const words = [values!.length ? comboWords(spec, values!) : "", bucket ? bucketWords(spec.time, bucket) : ""].filter(Boolean).join(", ") || "all files";
        label = `${words}${partText} — ${filesWord(n)}`;
      }
      out.push({ index: out.length, kind, values: values ? Object.fromEntries(spec.components.map((c, i) => [c, values[i]])) : null, bucket, part, parts, offset, rankBase, count: n, key, label });
    }
  };
  const sumBy = <T>(list: readonly SliceGroup[], id: (g: SliceGroup) => string, make: (g: SliceGroup) => T & { count: number }) => {
    const m = new Map<string, T & { count: number }>();
    for (const g of list) {
      const k = id(g);
      const e = m.get(k) ?? make(g);
      if (!m.has(k)) {
        e.count = 0;
        m.set(k, e);
      }
      e.count += g.count;
    }
    return m;
  };
  const tagged = groups.filter((g) => !g.catchAll && g.count > 0);
  const allTagged = all.filter((g) => !g.catchAll && g.count > 0);
  const comboId = (g: SliceGroup) => JSON.stringify(g.values);
  const restId = (g: SliceGroup) => JSON.stringify([g.bucket, g.values]);
  // Pilot: per combination (time slices merged), combinations in value order.
  const pilots = sumBy(tagged.filter((g) => g.pilot), comboId, (g) => ({ values: g.values, count: 0 }));
  const allPilots = sumBy(allTagged.filter((g) => g.pilot), comboId, (g) => ({ values: g.values, count: 0 }));
  for (const [id, p] of [...pilots].sort(([, a], [, b]) => compareValues(a.values, b.values))) cut("pilot", p.values, null, p.count, (allPilots.get(id)?.count ?? p.count) - p.count);
  // The rest: per (time slice, combination), time first.
  const rest = sumBy(tagged.filter((g) => !g.pilot), restId, (g) => ({ values: g.values, bucket: g.bucket, count: 0 }));
  const allRest = sumBy(allTagged.filter((g) => !g.pilot), restId, (g) => ({ values: g.values, bucket: g.bucket, count: 0 }));
  // A time slice's first rank within its combination: the combination's files (pilot or not, taken or not) in
  // earlier time slices. Prefix sums over each combination's time slices in order: linear after the sort.
  const rankBase = new Map<string, number>();
  const perSlice = sumBy(allTagged, restId, (g) => ({ values: g.values, bucket: g.bucket, count: 0 }));
  const running = new Map<string, number>();
  for (const [id, g] of [...perSlice].sort(([, a], [, b]) => ((a.bucket ?? "") < (b.bucket ?? "") ? -1 : (a.bucket ?? "") > (b.bucket ?? "") ? 1 : 0))) {
    const c = JSON.stringify(g.values);
    const r = running.get(c) ?? 0;
    rankBase.set(id, r);
    running.set(c, r + g.count);
  }
  const restOrder = [...rest].sort(([, a], [, b]) => (a.bucket === b.bucket ? compareValues(a.values, b.values) : (a.bucket ?? "") < (b.bucket ?? "") ? -1 : 1));
  for (const [id, r] of restOrder) cut("tagged", r.values, r.bucket, r.count, (allRest.get(id)?.count ?? r.count) - r.count, rankBase.get(id) ?? 0);
  const catchAll = groups.filter((g) => g.catchAll).reduce((n, g) => n + g.count, 0);
  const allCatchAll = all.filter((g) => g.catchAll).reduce((n, g) => n + g.count, 0);
  if (catchAll > 0) cut("catch-all", null, null, catchAll, Math.max(0, allCatchAll - catchAll));
  return out;
}

/**
 * The files of one planned slice (step 4), in time order: its group's files not yet taken (`delivered`), from
 * `offset`, `count` of them. Groups are worked out over all `files`.
 */
export function filesOfSlice(spec: CampaignSlicingSpec, files: readonly SlicingFile[], slice: PlannedSlice, delivered: ReadonlySet<string> = new Set()): SlicingFile[] {
  const same = (values: string[]) => slice.values !== null && spec.components.every((c, i) => slice.values![c] === values[i]);
  const members = classify(spec, files).filter((c) => {
    if (delivered.has(c.file.name)) return false;
    if (slice.kind === "catch-all") return c.catchAll;
    if (c.catchAll || !same(c.values)) return false;
    if (slice.kind === "pilot") return c.pilot;
    return !c.pilot && c.bucket === slice.bucket;
  });
  return members.slice(slice.offset, slice.offset + slice.count).map((c) => c.file);
}

/** How many files the catch-all holds (the stage page warns when it is not empty). */
export function catchAllCount(groups: readonly SliceGroup[]): number {
  return groups.filter((g) => g.catchAll).reduce((n, g) => n + g.count, 0);
}
