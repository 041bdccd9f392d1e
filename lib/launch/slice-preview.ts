/**
 * The stage page's preview of its slices: for campaign slicing the plan still to take (every remaining slice's label
 * and file count, the next first, the catch-all and what it still holds), paged; for the other split types what the next launch takes; and
 * what a test launch takes. Cut in PostgreSQL by take-slice.ts; reads only.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { SignedInPerson } from "@/lib/people/actor";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { parseSplitType, readCursor, describeCursor, datasetForLaunch, type SplitCursor, type SplitSpec } from "@/lib/campaigns/split";
import { deliveredBy, slicePlanSql, takeStageSlice, type SqlClient } from "./take-slice";

export const SLICES_PER_PAGE = 25;

export type NextSlice = { ok: true; label: string; fileCount: number; catchAll: boolean } | { ok: false; message: string };

export type SlicePreview = {
  splitType: string;
  position: string;
  /** Campaign slicing's plan (null for the other split types, or when the dataset cannot be read). */
  plan: {
    total: number;
    catchAll: number;
    sliceCount: number;
    /** 0-based index of the next slice (sliceCount: all launched). */
    nextIndex: number;
    page: number;
    pages: number;
    slices: { index: number; label: string; count: number; kind: "pilot" | "tagged" | "catch-all" }[];
  } | null;
  next: NextSlice;
  /** What a test launch takes (only when the stage has a test split). */
  test: NextSlice | null;
};

const nextOf = (r: Awaited<ReturnType<typeof takeStageSlice>>): NextSlice => (r.ok ? { ok: true, label: r.label, fileCount: r.fileCount, catchAll: r.catchAll } : { ok: false, message: r.message });

/** The preview for a stage the person may see; `page` (1-based) pages the plan. */
export async function slicePreview(person: SignedInPerson, stageId: number, page: number): Promise<SlicePreview> {
  const stage = await db.campaignStage.findUnique({
    where: { id: stageId },
    select: { id: true, inputDataset: true, splitType: true, testSplitType: true, sliceOptions: true, stageType: true, cursor: { select: { position: true } }, campaign: { select: { experimentId: true } } },
  });
  if (!stage) throw notFound("Stage");
  mustSeeExperiment(person, stage.campaign.experimentId, "Stage");
  const parsed = parseSplitType(stage.splitType);
  if (!parsed.ok) return { splitType: stage.splitType, position: "", plan: null, next: { ok: false, message: `The split type cannot be used: ${parsed.message}` }, test: null };
  const spec = parsed.spec;
  const cursor = readCursor(spec, stage.cursor?.position);
  const now = Date.now();
  // One read-only transaction: slicing's memory setting (take-slice.ts) holds only inside one.
  return db.$transaction((tx) => previewIn(tx, stage, spec, cursor, page, now), { timeout: 120_000, maxWait: 20_000 });
}

async function previewIn(
  db: SqlClient,
  stage: { id: number; inputDataset: string; splitType: string; testSplitType: string | null; sliceOptions: unknown; stageType: string; campaign: { experimentId: number } },
  spec: SplitSpec,
  cursor: SplitCursor,
  page: number,
  now: number,
): Promise<SlicePreview> {
  const forSlice = { ...stage, experimentId: stage.campaign.experimentId };
  const generator = (stage.stageType === "GENERATOR" || !stage.inputDataset.trim()) && spec.type !== "multiparam";
  const none: NextSlice = { ok: false, message: "This stage reads no input files (a generator stage, or no input dataset)." };
  const next = generator ? none : nextOf(await takeStageSlice(db, { stage: forSlice, test: false, spec, cursor, now, fileLimit: 0 }));
  const test = stage.testSplitType && !generator ? nextOf(await takeStageSlice(db, { stage: forSlice, test: true, spec, cursor, now, fileLimit: 0 })) : null;
  let plan: SlicePreview["plan"] = null;
  if (spec.type === "slices" && !generator) {
    const ds = datasetForLaunch(spec, cursor, stage.inputDataset);
    // Draining: the plan lists the slices still to take, numbered after the `cursor.index` already taken.
    const delivered = ds.ok ? await deliveredBy(db, stage.id, spec, cursor) : [];
    const rest = ds.ok ? await slicePlanSql(db, { experimentId: stage.campaign.experimentId, dataset: ds.dataset, spec, delivered }) : null;
    if (rest?.ok) {
      const pages = Math.max(1, Math.ceil(rest.plan.length / SLICES_PER_PAGE));
      const p = Math.min(pages, Math.max(1, page || 1));
      plan = {
        total: rest.total,
        catchAll: rest.catchAll,
        sliceCount: cursor.index + rest.plan.length,
        nextIndex: cursor.index,
        page: p,
        pages,
        slices: rest.plan.slice((p - 1) * SLICES_PER_PAGE, p * SLICES_PER_PAGE).map((s) => ({ index: cursor.index + s.index, label: s.label, count: s.count, kind: s.kind })),
      };
    }
  }
  return { splitType: stage.splitType, position: describeCursor(spec, cursor, stage.inputDataset), plan, next, test };
}
