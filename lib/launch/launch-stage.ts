/**
 * Launching a stage: authorise → gate → take the slice → create the submission (New) with config snapshots →
 * compose the command → hand it to the batch backend → record the batch id and the launch log.
 * A closed gate stores a held launch with its reason instead. The preview runs the same plan without writing.
 *
 * The slice is taken inside a transaction holding the stage's cursor row (SELECT … FOR UPDATE), so two
 * launches at the same moment take consecutive slices, never the same one. The batch system is called after
 * that transaction commits (no lock is held across an outside call); a failure there makes the submission
 * LaunchFailed with the backend's words in its launch log.
 */
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { Prisma, type LaunchTrigger } from "@/lib/generated/prisma/client";
import { effectiveStage, readDefaults, readPairs, mergePairs, type Effective } from "@/lib/campaigns/effective";
import { parseSplitType, readCursor, datasetForLaunch, type SplitCursor } from "@/lib/campaigns/split";
import { lastSnapshotAt, snapshotIfStale, MIRROR_TTL_MS } from "@/lib/catalogue/snapshot";
import { takeStageSlice, MAX_FILES_PER_SUBMISSION, type StageSlice } from "./take-slice";
import { composeCommand } from "./compose";
import { planJobs } from "./jobs-plan";
import { judgeGate, type GateDecision } from "./gate";
import { readGlobalHold } from "./holds";
import { readGateServices } from "@/lib/services/gate-services";
import { batchSystem } from "@/lib/batch/registry";
import { mustSeeExperiment } from "@/lib/people/visibility";

export type LaunchMode = "normal" | "test" | "relaunch";

/**
 * A chain's input: launch on this dataset (all its files, or the files named) instead of taking the stage's next
 * slice; the cursor does not move. The wrap-up makes the dataset (a recovery's unprocessed files, a dependency's
 * matching outputs) and names it here.
 */
export type LaunchInput = { dataset: string; files?: string[]; label?: string };
/** A recovery launch: which entry of the job type's recovery list, and the overrides (merged last when composing). */
export type LaunchRecovery = { position: number; type: string; overrides: [string, string][] };

export type LaunchRequest = {
  stageId: number;
  mode: LaunchMode;
  relaunchOf?: number;
  input?: LaunchInput;
  recovery?: LaunchRecovery;
  /** The submission this launch follows (recovery or dependency); a relaunch's parent is the one it repeats. */
  parentId?: number;
};

/**
 * Who launches: a person, or the system on behalf of a person (a released held launch, a recovery or dependent
 * stage of a chain the person set up, a schedule the person made). `because` says why, for the launch log.
 */
export type Launcher = { person: SignedInPerson; trigger: LaunchTrigger; bySystem?: boolean; because?: string };

/** What a held launch keeps of its request, to replay it as it was asked. */
export function heldParams(req: LaunchRequest): Prisma.InputJsonObject {
  return {
    mode: req.mode,
    ...(req.relaunchOf ? { relaunchOf: req.relaunchOf } : {}),
    ...(req.input ? { input: { dataset: req.input.dataset, ...(req.input.files ? { files: req.input.files } : {}), ...(req.input.label ? { label: req.input.label } : {}) } } : {}),
    ...(req.recovery ? { recovery: { position: req.recovery.position, type: req.recovery.type, overrides: req.recovery.overrides } } : {}),
    ...(req.parentId ? { parentId: req.parentId } : {}),
  };
}

/** The request a held launch stored (heldParams), read back defensively: what is not well-formed is left out. */
export function requestFromHeld(stageId: number, params: unknown): LaunchRequest {
  const p = params && typeof params === "object" ? (params as Record<string, unknown>) : {};
  const mode: LaunchMode = p.mode === "test" || p.mode === "relaunch" ? p.mode : "normal";
  const int = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : undefined);
  const req: LaunchRequest = { stageId, mode, relaunchOf: int(p.relaunchOf), parentId: int(p.parentId) };
  const input = p.input as Record<string, unknown> | undefined;
  if (input && typeof input.dataset === "string") {
    req.input = { dataset: input.dataset };
    if (Array.isArray(input.files)) req.input.files = input.files.filter((f): f is string => typeof f === "string");
    if (typeof input.label === "string") req.input.label = input.label;
  }
  const rec = p.recovery as Record<string, unknown> | undefined;
  if (rec && typeof rec.position === "number" && typeof rec.type === "string") req.recovery = { position: rec.position, type: rec.type, overrides: readPairs(rec.overrides) };
  return req;
}

export type LaunchPlan = {
  stage: { id: number; name: string; campaignId: number; campaignName: string; experiment: string; experimentId: number };
  backend: Effective["batchBackend"];
  login: { host: string; account: string };
  dataset: string;
  sliceLabel: string;
  /** Campaign slicing: the slice's key and whether it is the catch-all (stored on the submission). */
  sliceKey: string | null;
  catchAll: boolean;
  files: string[];
  jobs: string[][];
  command: string;
  cursorBefore: SplitCursor;
  cursorAfter: SplitCursor;
  gate: GateDecision;
};

export type LaunchOutcome =
  | { kind: "held"; heldLaunchId: number; reason: string }
  | { kind: "launched"; submissionId: number; batchId: string; log: string }
  | { kind: "failed"; submissionId: number; log: string };

/** The trigger of a launch a person asks for, by its mode. */
export const TRIGGER_OF: Record<LaunchMode, LaunchTrigger> = { normal: "MANUAL", test: "TEST", relaunch: "RELAUNCH" };

async function loadStage(stageId: number) {
  const stage = await db.campaignStage.findUnique({
    where: { id: stageId },
    // The job type's recovery list goes into its snapshot: the wrap-up recovers by the list the submission ran with.
    include: { campaign: { include: { experiment: true } }, jobType: { include: { recoveries: { orderBy: { position: "asc" } } } }, loginSetup: true, cursor: true },
  });
  if (!stage) throw notFound("Stage");
  return stage;
}
type LoadedStage = Awaited<ReturnType<typeof loadStage>>;

function authorise(person: SignedInPerson, stage: LoadedStage) {
  const c = stage.campaign;
  mustSeeExperiment(person, c.experimentId, "Stage");
  const d = decide(person, "campaign.act", { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole });
  if (!d.allowed) throw forbidden(d.reason);
  if (!c.active) throw new DomainError("conflict", `Campaign ${c.name} is inactive: activate it before launching.`);
  if (!stage.active) throw new DomainError("conflict", `Stage ${stage.name} is inactive: activate it before launching.`);
  if (!stage.jobType.active) throw new DomainError("conflict", `Job type ${stage.jobType.name} is inactive.`);
  if (!stage.loginSetup.active) throw new DomainError("conflict", `Login/setup ${stage.loginSetup.name} is inactive.`);
}

const keywordsOf = (json: unknown): Record<string, string> =>
  json && typeof json === "object" && !Array.isArray(json) ? Object.fromEntries(Object.entries(json as Record<string, unknown>).filter(([, v]) => typeof v === "string" || typeof v === "number").map(([k, v]) => [k, String(v)])) : {};

/** The files of an earlier submission of this stage (relaunch on the same data). */
async function filesOf(submissionId: number, stageId: number): Promise<{ dataset: string; files: string[]; label: string }> {
  const sub = await db.submission.findUnique({ where: { id: submissionId }, select: { stageId: true, inputDataset: true, sliceLabel: true } });
  if (!sub || sub.stageId !== stageId) throw new DomainError("invalid_input", "Relaunch needs a submission of this same stage.", { field: "relaunchOf" });
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT f."name" FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId"
     WHERE sf."submissionId" = ${submissionId} AND sf."role" = 'INPUT' ORDER BY f."name"`;
  return { dataset: sub.inputDataset, files: rows.map((r) => r.name), label: `same files as submission ${submissionId}${sub.sliceLabel ? ` (${sub.sliceLabel})` : ""}` };
}

/**
 * The files of a dataset the wrap-up made (lib/chains): always in our own database, whatever catalogue the
 * experiment's input datasets come from.
 */
async function chainDatasetFiles(experimentId: number, dataset: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string | null }[]>`
    SELECT f."name" FROM "Dataset" d LEFT JOIN "DatasetFile" df ON df."datasetId" = d.id LEFT JOIN "DataFile" f ON f.id = df."fileId"
     WHERE d."experimentId" = ${experimentId} AND d."name" = ${dataset} ORDER BY df."position" LIMIT ${MAX_FILES_PER_SUBMISSION + 1}`;
  if (!rows.length) throw new DomainError("conflict", `There is no dataset named ${dataset} any more.`);
  // The same cap as a stage's own slices: never more names than one submission may take.
  if (rows.length > MAX_FILES_PER_SUBMISSION)
    throw new DomainError("conflict", `Dataset ${dataset} has more than ${MAX_FILES_PER_SUBMISSION.toLocaleString("en-US")} files; one submission takes at most that many.`);
  return rows.flatMap((r) => (r.name === null ? [] : [r.name]));
}

/** A launch that found nothing to take: the message, and where the cursor moves on to (an empty run or slice is skipped). */
export class EmptySlice extends DomainError {
  constructor(
    message: string,
    readonly next: SplitCursor | null,
    /** "exhausted": every slice has been launched (a schedule with clearWhenDone stops); "empty": nothing in this one. */
    readonly reason: "exhausted" | "empty" = "empty",
  ) {
    super("conflict", message);
  }
}

/** A launch refused because the stage's split has nothing left to launch (every slice taken). */
export function isSplitExhausted(err: unknown): boolean {
  return err instanceof EmptySlice && err.reason === "exhausted";
}

/** Works out everything a launch would do, from the cursor given. Reads only. */
async function plan(stage: LoadedStage, req: LaunchRequest, storedCursor: unknown, launcherName: string, gate: GateDecision): Promise<LaunchPlan> {
  const eff = effectiveStage(stage, stage.campaign.defaults);
  const experiment = stage.campaign.experiment.name;
  let dataset = "";
  let files: string[] = [];
  let sliceLabel = "";
  const parsed = parseSplitType(stage.splitType);
  if (!parsed.ok) throw new DomainError("conflict", `The stage's split type cannot be used: ${parsed.message}`);
  const cursor = readCursor(parsed.spec, storedCursor);
  let cursorAfter = cursor;
  let taken: Pick<StageSlice & { ok: true }, "sliceKey" | "catchAll" | "overrides" | "params"> = { sliceKey: null, catchAll: false, overrides: [], params: {} };
  const generator = stage.stageType === "GENERATOR" || !stage.inputDataset.trim();
  if (req.mode === "relaunch") {
    if (!req.relaunchOf) throw new DomainError("invalid_input", "Say which submission's files to launch again.", { field: "relaunchOf" });
    const same = await filesOf(req.relaunchOf, stage.id);
    ({ dataset, files } = same);
    sliceLabel = same.label;
  } else if (req.input) {
    // A chain's input (recovery or dependency): the dataset made for it, no cursor movement.
    dataset = req.input.dataset;
    files = req.input.files ?? (await chainDatasetFiles(stage.campaign.experimentId, dataset));
    if (!files.length) throw new DomainError("conflict", `Dataset ${dataset} has no files to launch on.`);
    sliceLabel = req.input.label ?? `${files.length.toLocaleString("en")} file(s) of ${dataset}`;
  } else if (!generator || parsed.spec.type === "multiparam") {
    // The slice is cut in PostgreSQL (lib/launch/take-slice.ts); a test launch takes it from the stage's test split
    // when it has one, and never moves the cursor.
    const slice = await takeStageSlice(db, { stage: { ...stage, experimentId: stage.campaign.experimentId }, test: req.mode === "test", spec: parsed.spec, cursor, now: Date.now() });
    if (!slice.ok) throw new EmptySlice(slice.message, req.mode === "normal" ? slice.next : null, slice.reason === "exhausted" ? "exhausted" : "empty");
    ({ dataset, files } = slice);
    sliceLabel = slice.label;
    taken = slice;
    if (req.mode === "normal" && slice.next) cursorAfter = slice.next;
  } else {
    sliceLabel = "generator (no input files)";
  }
  const jobs = planJobs(files, stage.jobType.filesPerJob, stage.maxJobs);
  const defaults = readDefaults(stage.campaign.defaults);
  const composed = composeCommand({
    launchScript: stage.jobType.launchScript,
    definitionParameters: readPairs(stage.jobType.definitionParameters),
    campaignOverrides: defaults.paramOverrides ?? [],
    stageOverrides: mergePairs(req.mode === "test" ? mergePairs(readPairs(stage.paramOverrides), readPairs(stage.testParamOverrides)) : readPairs(stage.paramOverrides), taken.overrides),
    recoveryOverrides: req.recovery?.overrides ?? [],
    values: { dataset, version: eff.softwareVersion, group: experiment, experimenter: launcherName },
    keywords: { ...keywordsOf(stage.campaign.keywords), ...taken.params },
  });
  if (!composed.ok) throw new DomainError("conflict", `The launch command cannot be composed: ${composed.message}`);
  return {
    stage: { id: stage.id, name: stage.name, campaignId: stage.campaignId, campaignName: stage.campaign.name, experiment, experimentId: stage.campaign.experimentId },
    backend: eff.batchBackend,
    login: { host: stage.loginSetup.launchHost, account: stage.loginSetup.launchAccount },
    dataset,
    sliceLabel,
    sliceKey: taken.sliceKey,
    catchAll: taken.catchAll,
    files,
    jobs,
    command: composed.text,
    cursorBefore: cursor,
    cursorAfter,
    gate,
  };
}

/** The gate for a stage now: the holds and the services it needs (lib/services/gate-services.ts reads them). */
async function gateFor(stage: LoadedStage): Promise<GateDecision> {
  const [global, services] = await Promise.all([readGlobalHold(), readGateServices([stage.id])]);
  return judgeGate({ global, stage: { hold: stage.hold, holdReason: stage.holdReason, heldAt: stage.heldAt }, services: services.get(stage.id) });
}

/** The outside dataset a launch of this stage reads (SAM, MetaCat), or null when it reads none from outside. */
function outsideInput(stage: LoadedStage, req: LaunchRequest): string | null {
  if (stage.campaign.experiment.catalogueKind === "EMBEDDED" || req.mode === "relaunch" || req.input) return null;
  if (stage.stageType === "GENERATOR" || !stage.inputDataset.trim()) return null;
  const parsed = parseSplitType(req.mode === "test" && stage.testSplitType ? stage.testSplitType : stage.splitType);
  if (!parsed.ok || parsed.spec.type === "multiparam") return null;
  const ds = datasetForLaunch(parsed.spec, readCursor(parsed.spec, stage.cursor?.position), stage.inputDataset);
  return ds.ok ? ds.dataset : null; // plan() says why not
}

/**
 * Outside catalogues (SAM, MetaCat): the dataset a launch reads is mirrored into our tables first
 * (lib/catalogue/snapshot.ts), so its slice is cut in PostgreSQL like any other — at most every MIRROR_TTL_MS per
 * dataset. Outside any transaction: no lock is held across a call to another system. A failed read refuses the
 * launch and changes nothing.
 */
async function mirrorInput(stage: LoadedStage, req: LaunchRequest, actorId: number) {
  const dataset = outsideInput(stage, req);
  if (dataset === null) return;
  const r = await snapshotIfStale(stage.campaign.experimentId, dataset, { actorId });
  if (!r.ok) throw new DomainError("conflict", `The data catalogue could not list ${dataset}: ${r.message}`);
}

/**
 * A preview never calls the outside catalogue (a preview is a click, a million-file listing is not): it reads the
 * last copy and says how old it is; without one it says that the launch will read it.
 */
async function mirrorAge(stage: LoadedStage, req: LaunchRequest): Promise<string | null> {
  const dataset = outsideInput(stage, req);
  if (dataset === null) return null;
  const at = await lastSnapshotAt(stage.campaign.experimentId, dataset);
  const source = stage.campaign.experiment.catalogueKind === "SAM" ? "SAM" : "MetaCat";
  if (!at) throw new DomainError("conflict", `${dataset} has not been read from ${source} yet: launching reads it (a preview does not call the catalogue).`);
  const minutes = Math.max(0, Math.round((Date.now() - at.getTime()) / 60_000));
  const age = minutes < 1 ? "less than a minute" : minutes < 120 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${Math.round(minutes / 60)} hours`;
  return `as read from ${source} ${age} ago${Date.now() - at.getTime() >= MIRROR_TTL_MS ? "; the launch reads it again" : ""}`;
}

/** How much of the slice a preview lists (the count is always whole). */
export const PREVIEW_FILES = 20;
export type LaunchPreview = Omit<LaunchPlan, "files" | "jobs"> & { files: string[]; fileCount: number; jobCount: number };

/** What a launch would do now: the slice (its size and first files), the jobs, the exact command, the backend, and what the gate says. */
export async function previewLaunch(person: SignedInPerson, req: LaunchRequest): Promise<LaunchPreview> {
  const stage = await loadStage(req.stageId);
  authorise(person, stage);
  const age = await mirrorAge(stage, req);
  const { files, jobs, ...rest } = await plan(stage, req, stage.cursor?.position, person.username, await gateFor(stage));
  return { ...rest, sliceLabel: age ? `${rest.sliceLabel} (${age})` : rest.sliceLabel, files: files.slice(0, PREVIEW_FILES), fileCount: files.length, jobCount: jobs.length };
}

/** Stable JSON (sorted keys) so that identical configurations share one snapshot. */
function stable(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v ?? null);
}

async function snapshot(tx: Prisma.TransactionClient, kind: "STAGE" | "JOB_TYPE" | "LOGIN_SETUP", sourceId: number, data: unknown) {
  const text = stable(data);
  const digest = createHash("sha256").update(text).digest("hex");
  // INSERT … ON CONFLICT DO NOTHING, then read: two launches sharing a new configuration never collide.
  await tx.$executeRaw`INSERT INTO "ConfigSnapshot" ("kind", "sourceId", "data", "digest") VALUES (${kind}::"SnapshotKind", ${sourceId}, ${text}::jsonb, ${digest}) ON CONFLICT DO NOTHING`;
  const [row] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "ConfigSnapshot" WHERE "kind" = ${kind}::"SnapshotKind" AND "sourceId" = ${sourceId} AND "digest" = ${digest}`;
  return row.id;
}

const stamp = () => new Date().toISOString().slice(11, 19);

export type LaunchOptions = {
  /** Hears each step as it happens (the launch page streams them). */
  onProgress?: (line: string) => void;
  /** The held launch this launch releases (claimed by the caller): the submission made is recorded on it. */
  heldLaunchId?: number;
  /** A person releasing a held launch by hand launches it despite the hold (recorded). Never for the system. */
  ignoreGate?: boolean;
  /**
   * The drain launches held launch `heldLaunchId` (claimed): the gate is judged afresh here, and if it is closed
   * again (a service went bad, a hold was set, gating switched on since the drain read them) the held launch is put
   * back in its place, its reason brought up to date, and nothing launches (outcome "held").
   */
  drain?: boolean;
};

/** Launches a stage (see LaunchOptions). */
export async function launchStage(launcher: Launcher, req: LaunchRequest, opts: LaunchOptions = {}): Promise<LaunchOutcome> {
  const log: string[] = [];
  const say = (line: string) => {
    log.push(`${stamp()} ${line}`);
    try {
      opts.onProgress?.(line);
    } catch {
      // The listener is gone (the browser closed the stream): the launch carries on and its log is kept.
    }
  };
  const { person } = launcher;
  const stage = await loadStage(req.stageId);
  authorise(person, stage);
  if (req.input && req.mode !== "normal") throw new DomainError("invalid_input", "A launch on a given dataset is a normal launch (not a test or a relaunch).", { field: "mode" });
  say(`Launch of ${stage.campaign.name} / ${stage.name} ${launcher.bySystem ? `by the system for ${person.username} (${launcher.because ?? "released held launch"})` : `by ${person.username}`}`);
  if (opts.drain && (!opts.heldLaunchId || opts.ignoreGate)) throw new Error("A drain launches one claimed held launch, never past its gate.");
  const gate = await gateFor(stage);
  if (!gate.open && opts.drain) {
    // Unclaimed only if nothing was made from it (a claim is never undone after a submission).
    await db.heldLaunch.updateMany({ where: { id: opts.heldLaunchId, releasedSubmissionId: null }, data: { releasedAt: null, gateReason: gate.reason, heldByServiceIds: gate.serviceIds } });
    say(`Still held: ${gate.reason.replace(/[^.]$/, "$&.")} It stays in its place.`);
    return { kind: "held", heldLaunchId: opts.heldLaunchId!, reason: gate.reason };
  }
  if (!gate.open && !opts.ignoreGate) {
    // What can be refused now is refused now, not when the hold is lifted.
    if (req.mode === "relaunch") {
      if (!req.relaunchOf) throw new DomainError("invalid_input", "Say which submission's files to launch again.", { field: "relaunchOf" });
      await filesOf(req.relaunchOf, stage.id);
    }
    const held = await db.$transaction(async (tx) => {
      const h = await tx.heldLaunch.create({
        data: { stageId: stage.id, trigger: launcher.trigger, requestedById: person.id, requestedByKind: launcher.bySystem ? "SYSTEM" : "PERSON", params: heldParams(req), gateReason: gate.reason, heldByServiceIds: gate.serviceIds },
      });
      await recordAudit(tx, { actorId: launcher.bySystem ? null : person.id, action: "launch.held", entityType: "stage", entityId: stage.id, experimentId: stage.campaign.experimentId, data: { heldLaunchId: h.id, reason: gate.reason, trigger: launcher.trigger, onBehalfOf: person.username, ...(gate.serviceIds.length ? { serviceIds: gate.serviceIds } : {}) } });
      return h;
    });
    for (const w of gate.warnings) say(`Warning: ${w}`);
    say(`Held: ${gate.reason.replace(/[^.]$/, "$&.")} It will launch ${gate.serviceIds.length ? "by itself when the services are back" : "when the hold is lifted"}.`);
    return { kind: "held", heldLaunchId: held.id, reason: gate.reason };
  }
  for (const w of gate.warnings) say(`Warning: ${w}`);
  say(gate.open ? "Gate open." : `Gate closed (${gate.reason}); launching anyway because the held launch was released by hand.`);
  if (stage.campaign.experiment.catalogueKind !== "EMBEDDED" && !req.input && req.mode !== "relaunch") say("Reading the dataset from the data catalogue…");
  await mirrorInput(stage, req, person.id);

  // Take the slice and create the submission, holding the stage's cursor.
  const created = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`INSERT INTO "SplitCursor" ("stageId", "position", "updatedAt") VALUES (${stage.id}, '{}'::jsonb, now()) ON CONFLICT DO NOTHING`;
      const [cur] = await tx.$queryRaw<{ position: unknown }[]>`SELECT "position" FROM "SplitCursor" WHERE "stageId" = ${stage.id} FOR UPDATE`;
      let p: LaunchPlan;
      try {
        p = await plan(stage, req, cur?.position, person.username, gate);
      } catch (err) {
        // An empty run or slice is skipped: the cursor moves past it (recorded) so the next launch does not meet it again.
        if (err instanceof EmptySlice && err.next) {
          await tx.splitCursor.update({ where: { stageId: stage.id }, data: { position: err.next } });
          await tx.splitCursorEvent.create({ data: { stageId: stage.id, actorId: null, actorKind: "SYSTEM", fromPosition: (cur?.position ?? {}) as Prisma.InputJsonValue, toPosition: err.next, reason: `Skipped: ${err.message}` } });
          return { skipped: err };
        }
        throw err;
      }
      const eff = effectiveStage(stage, stage.campaign.defaults);
      const [stageSnap, jobTypeSnap, loginSnap] = [
        await snapshot(tx, "STAGE", stage.id, { ...stage, campaign: undefined, jobType: undefined, loginSetup: undefined, cursor: undefined, createdAt: undefined, updatedAt: undefined, heldAt: undefined, effective: { ...eff, inherited: undefined }, campaignDefaults: stage.campaign.defaults, campaignKeywords: stage.campaign.keywords }),
        await snapshot(tx, "JOB_TYPE", stage.jobTypeId, { ...stage.jobType, createdAt: undefined, updatedAt: undefined }),
        await snapshot(tx, "LOGIN_SETUP", stage.loginSetupId, { ...stage.loginSetup, createdAt: undefined, updatedAt: undefined }),
      ];
      const sub = await tx.submission.create({
        data: {
          experimentId: stage.campaign.experimentId,
          campaignId: stage.campaignId,
          stageId: stage.id,
          status: "NEW",
          trigger: launcher.trigger,
          batchBackend: p.backend,
          parentId: req.parentId ?? (req.mode === "relaunch" ? req.relaunchOf : null),
          recoveryPosition: req.recovery?.position ?? 0,
          recoveryOverrides: req.recovery?.overrides ?? [],
          isTest: req.mode === "test",
          sliceLabel: p.sliceLabel,
          sliceKey: p.sliceKey,
          catchAll: p.catchAll,
          inputDataset: p.dataset,
          command: p.command,
          launchedById: person.id,
          launchedByKind: launcher.bySystem ? "SYSTEM" : "PERSON",
          plannedJobs: p.jobs.length,
          // A launch on a chain's dataset took no slice: it stores no cursor (so draining never counts it).
          cursorBefore: req.input ? Prisma.DbNull : p.cursorBefore,
          cursorAfter: req.input ? Prisma.DbNull : p.cursorAfter,
          stageSnapshotId: stageSnap,
          jobTypeSnapshotId: jobTypeSnap,
          loginSetupSnapshotId: loginSnap,
        },
      });
      if (p.files.length) {
        await tx.$executeRaw`
          INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status", "updatedAt")
          SELECT ${sub.id}, f.id, 'INPUT', 'PENDING', now() FROM "DataFile" f
           WHERE f."experimentId" = ${stage.campaign.experimentId} AND f."name" = ANY(${p.files}::text[])`;
      }
      if (stable(p.cursorAfter) !== stable(p.cursorBefore)) {
        await tx.splitCursor.update({ where: { stageId: stage.id }, data: { position: p.cursorAfter } });
      }
      await tx.submissionEvent.create({ data: { submissionId: sub.id, status: "NEW", actorId: person.id, actorKind: launcher.bySystem ? "SYSTEM" : "PERSON", reason: `${req.mode === "test" ? "Test launch" : req.mode === "relaunch" ? "Relaunch" : req.recovery ? `Recovery ${req.recovery.position} (${req.recovery.type})` : req.input || launcher.trigger === "DEPENDENCY" ? "Dependent launch" : launcher.trigger === "SCHEDULE" ? "Scheduled launch" : "Launch"}${launcher.bySystem ? ` by the system for ${person.username}` : ""}: ${p.sliceLabel}` } });
      if (opts.heldLaunchId) await tx.heldLaunch.update({ where: { id: opts.heldLaunchId }, data: { releasedSubmissionId: sub.id } });
      await recordAudit(tx, { actorId: launcher.bySystem ? null : person.id, action: "submission.launch", entityType: "submission", entityId: sub.id, experimentId: stage.campaign.experimentId, data: { stageId: stage.id, mode: req.mode, trigger: launcher.trigger, files: p.files.length, jobs: p.jobs.length, onBehalfOf: person.username, ...(req.parentId ? { parentId: req.parentId } : {}), ...(req.recovery ? { recoveryPosition: req.recovery.position } : {}) } });
      return { sub, plan: p, skipped: undefined };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  if ("skipped" in created && created.skipped) {
    say(`Nothing launched: ${created.skipped.message}`);
    throw new DomainError("conflict", `${created.skipped.message} The cursor moved past it; the next launch takes what follows.`);
  }
  const { sub, plan: p } = created;
  say(`Slice: ${p.sliceLabel} — ${p.files.length.toLocaleString("en")} file(s) from ${p.dataset || "no dataset"}.`);
  say(`Submission ${sub.id} created (New): ${p.jobs.length} job(s).`);
  say(`Command: ${p.command}`);
  say(`Submitting to ${p.backend === "LOCAL" ? "the local batch system" : p.backend === "SLURM" ? "Slurm" : "jobsub (HTCondor)"} on ${p.login.host} as ${p.login.account}…`);
  await db.submission.update({ where: { id: sub.id }, data: { launchLog: log.join("\n") } });

  const backendEnv: Record<string, string> = {
    POMS4_SUBMISSION_ID: String(sub.id),
    POMS4_CAMPAIGN_STAGE_ID: String(stage.id),
    POMS4_CAMPAIGN_ID: String(stage.campaignId),
    POMS4_TEST_LAUNCH: req.mode === "test" ? "True" : "False",
  };
  if (p.backend === "LOCAL") backendEnv.POMS_HOME = process.cwd();
  const eff = effectiveStage(stage, stage.campaign.defaults);
  const result = await batchSystem(p.backend).submit({
    submissionId: sub.id,
    stageId: stage.id,
    campaignId: stage.campaignId,
    experiment: p.stage.experiment,
    isTest: req.mode === "test",
    command: p.command,
    setup: stage.loginSetup.setupCommands,
    login: p.login,
    vomsRole: eff.vomsRole,
    jobs: p.jobs,
    env: backendEnv,
  });
  // Guarded by "still New without a batch id": a person may have cancelled it while the batch system answered.
  const stillNew = { id: sub.id, status: "NEW" as const, batchId: null };
  if (!result.ok) {
    say(`The batch system refused or failed: ${result.message}`);
    await db.$transaction(async (tx) => {
      const n = await tx.submission.updateMany({ where: stillNew, data: { status: "LAUNCH_FAILED", statusChangedAt: new Date(), launchLog: log.join("\n") } });
      if (n.count) await tx.submissionEvent.create({ data: { submissionId: sub.id, status: "LAUNCH_FAILED", actorKind: "SYSTEM", reason: result.message.slice(0, 500) } });
      else await tx.submission.update({ where: { id: sub.id }, data: { launchLog: log.join("\n") } });
    });
    return { kind: "failed", submissionId: sub.id, log: log.join("\n") };
  }
  if (result.value.log.trim()) say(`Batch system said:\n${result.value.log.trim()}`);
  say(`Batch id ${result.value.batchId}. The refresh will follow its jobs.`);
  const recorded = await db.submission.updateMany({ where: stillNew, data: { batchId: result.value.batchId, launchLog: log.join("\n") } });
  if (!recorded.count) {
    // Cancelled while it was being submitted: the jobs must not run unseen.
    const killed = await batchSystem(p.backend).control("kill", { submissionId: sub.id, batchId: result.value.batchId, experiment: p.stage.experiment, login: p.login, vomsRole: eff.vomsRole });
    say(`It was cancelled while the batch system took it: its jobs were ${killed.ok ? "killed" : `not killed (${killed.message}); kill batch ${result.value.batchId} by hand`}.`);
    await db.submission.update({ where: { id: sub.id }, data: { batchId: result.value.batchId, launchLog: log.join("\n") } });
    return { kind: "failed", submissionId: sub.id, log: log.join("\n") };
  }
  return { kind: "launched", submissionId: sub.id, batchId: result.value.batchId, log: log.join("\n") };
}
