import "server-only";
import { db } from "@/lib/db";
import { DomainError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/people/policy";
import { visibleExperimentIds } from "@/lib/people/policy";
import { readDefaults, readPairs } from "../effective";
import { auditData, changesOf, mustModify, staleError, type Tx } from "../commands/access";
import { creatorRoleIn, insertCampaign } from "../commands/create-campaign";
import { keywordPairsOf, keywordsObject, setCampaignTags } from "../commands/campaign-tags";
import { describeProblem, limitProblems, problemAt, readCampaignToml, type CampaignDocument, type StageDocument, type TomlProblem } from "./document";
import type { KeyLines } from "./lines";
import { memoNextRun, type NextRuns } from "./fields";
import { campaignFingerprint, fingerprintChanges, type FingerprintPart } from "./fingerprint";

/**
 * How an import lands: as a new campaign (named as in the file, or `name`), or over an existing campaign — the one
 * given by id, or else the one of the file's experiment and name — at the version the file was exported at.
 */
export type ImportTarget = { mode: "new"; name?: string } | { mode: "update"; campaignId?: number };

export type ImportSummary = {
  campaignId: number;
  name: string;
  created: boolean;
  stages: { created: string[]; updated: string[]; deactivated: string[]; unchanged: string[] };
  dependencies: { added: number; removed: number; changed: number };
  schedules: { added: number; removed: number; changed: number; deactivated: number };
};

/** An import may take a while on a large campaign under load; it waits for, and holds, one connection this long at most. */
export const IMPORT_TRANSACTION = { timeout: 30_000, maxWait: 10_000 } as const;

/** The refusal of an import: a 400 whose details list the first hundred problems with their lines, and how many more. */
export function importRefused(problems: TomlProblem[], more = 0): DomainError {
  const limited = limitProblems(problems, more);
  const shown = limited.problems.slice(0, 5).map(describeProblem).join(" ");
  const rest = Math.max(0, limited.problems.length - 5) + limited.more;
  return new DomainError("invalid_input", `Nothing was imported. ${shown}${rest ? ` (and ${rest.toLocaleString("en-US")} more)` : ""}`, { problems: limited.problems, more: limited.more });
}

const STAGE_FIELDS = [
  "position", "stageType", "jobTypeId", "loginSetupId", "batchBackend", "inputDataset", "splitType", "testSplitType", "sliceOptions", "graphX", "graphY",
  "softwareVersion", "vomsRole", "paramOverrides", "testParamOverrides", "completionType", "completionPct", "failedRatio", "maxJobs", "active",
] as const;
type StageRowFields = Record<(typeof STAGE_FIELDS)[number], unknown>;

/**
 * Imports a campaign from its TOML text, all or nothing, in one transaction. Every problem is found before
 * anything is written and reported with its line (the file's syntax, its fields, its own references, then the
 * names it gives: the experiment, job types and login/setups, which are shared and never created or changed
 * here, and the campaign's name). Updating matches stages by name: a stage of the file that the campaign has
 * is edited in place (its cursor, hold and submissions stay), a new one is created, and a stage the file leaves
 * out is deactivated, never deleted (and so are its schedules). Dependencies and schedules of the file's stages
 * become exactly the file's. An update locks the campaign and its stages, and is refused as stale when the file
 * is of another campaign or anything it describes changed since it was exported (the campaign's version, a
 * stage's version, the fingerprint of stages, edges and schedules). Audited per campaign, stage, edge and
 * schedule, as the actor.
 */
export async function importCampaign(actor: Actor, text: string, target: ImportTarget, requestId?: string): Promise<ImportSummary> {
  const read = readCampaignToml(text);
  if (!read.ok) throw importRefused(read.problems, read.more);
  const { document: doc, lines, nextRuns } = read;

  const experiment = await db.experiment.findUnique({ where: { name: doc.campaign.experiment }, select: { id: true, active: true, displayName: true } });
  const visible = visibleExperimentIds(actor);
  if (!experiment || !experiment.active || (visible && !visible.includes(experiment.id))) {
    throw importRefused([problemAt(lines, ["campaign", "experiment"], `There is no experiment "${doc.campaign.experiment}" you can see.`)]);
  }
  const refs = await resolveNames(doc, lines, experiment.id, experiment.displayName);

  return db.$transaction(async (tx) => {
    const problems: TomlProblem[] = [...refs.problems];
    let campaignId: number;
    let created = false;
    let before: Before = { stages: new Map(), edges: [], schedules: [] };
    const name = target.mode === "new" && target.name ? target.name : doc.campaign.name;

    if (target.mode === "new") {
      mustModify(actor, experiment.id, { creatorId: actor.id, creatorRole: creatorRoleIn(actor, experiment.id) });
      if (await tx.campaign.findUnique({ where: { experimentId_name: { experimentId: experiment.id, name } }, select: { id: true } })) {
        problems.push(target.name ? { line: null, column: null, key: "", message: `A campaign named "${name}" already exists in ${experiment.displayName}; choose another name.` } : problemAt(lines, ["campaign", "name"], `A campaign named "${name}" already exists in ${experiment.displayName}: import it as a copy under another name, or update that campaign.`));
      }
      // Deactivated job types and login/setups cannot be chosen for new stages.
      problems.push(...refs.inactive);
      if (problems.length) throw importRefused(problems);
      const row = await insertCampaign(tx, actor, experiment.id, { name, description: doc.campaign.description, active: doc.campaign.active, defaults: doc.campaign.defaults, keywords: doc.campaign.keywords, tags: doc.campaign.tags }, requestId, { importedFrom: "TOML" });
      campaignId = row.id;
      created = true;
    } else {
      const found = target.campaignId ? { id: target.campaignId } : await tx.campaign.findUnique({ where: { experimentId_name: { experimentId: experiment.id, name: doc.campaign.name } }, select: { id: true } });
      // The campaign row first, then its stages: a second import, a stage edit or a connect waits for this one.
      if (found) await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${found.id} FOR UPDATE`;
      const row = found ? await tx.campaign.findUnique({ where: { id: found.id }, include: { tags: { select: { tag: { select: { name: true } } } } } }) : null;
      if (!row || (visible && !visible.includes(row.experimentId))) {
        if (target.campaignId) throw notFound("Campaign");
        throw importRefused([problemAt(lines, ["campaign", "name"], `There is no campaign "${doc.campaign.name}" in ${experiment.displayName} to update; import it as a new campaign instead.`)]);
      }
      mustModify(actor, row.experimentId, row);
      if (row.experimentId !== experiment.id) problems.push(problemAt(lines, ["campaign", "experiment"], `This file is for ${experiment.displayName}, but the campaign belongs to another experiment.`));
      const { id: fileId, version: fileVersion, fingerprint } = doc.campaign;
      if (fileVersion === null || fileId === null || fingerprint === null) {
        problems.push(problemAt(lines, ["campaign"], "To update a campaign, the file must say the id, version and fingerprint it was exported with (under [campaign]): export the campaign, edit that file, import it."));
      } else if (fileId !== row.id) {
        problems.push(problemAt(lines, ["campaign", "id"], `This file was exported from another campaign (id ${fileId}), not ${row.name}: import it as a new campaign, or export ${row.name} and edit that file.`));
      }
      if (problems.length) throw importRefused(problems);
      if (row.version !== fileVersion) throw await staleError(tx, "Campaign", row.id, fileVersion!);
      campaignId = row.id;
      before = await lockedConfiguration(tx, campaignId);
      const stale = staleSince(doc, before, fingerprint!);
      if (stale) throw stale;
      // A deactivated job type or login/setup may stay on a stage that already uses it, not be newly chosen.
      const keeps = (n: number, field: "jobType" | "loginSetup") => {
        const s = before.stages.get(doc.stages[n].name);
        const id = field === "jobType" ? refs.jobTypeIds.get(doc.stages[n].jobType) : refs.loginSetupIds.get(doc.stages[n].loginSetup);
        return !!s && id === (field === "jobType" ? s.jobTypeId : s.loginSetupId);
      };
      problems.push(...refs.inactiveAt.filter((x) => !keeps(x.stage, x.field)).map((x) => x.problem));
      if (name !== row.name && (await tx.campaign.findUnique({ where: { experimentId_name: { experimentId: experiment.id, name } }, select: { id: true } }))) {
        problems.push(problemAt(lines, ["campaign", "name"], `A campaign named "${name}" already exists in ${experiment.displayName}.`));
      }
      if (problems.length) throw importRefused(problems);
      await updateCampaignRow(tx, actor, row, doc, requestId);
    }

    const stageResult = await writeStages(tx, actor, campaignId, experiment.id, doc, refs, before.stages, requestId);
    const dependencies = await writeDependencies(tx, actor, campaignId, experiment.id, doc, stageResult, before, requestId);
    const schedules = await writeSchedules(tx, actor, campaignId, experiment.id, doc, stageResult.idOf, before, nextRuns, requestId);
    await tx.auditEvent.create({
      data: {
        actorId: actor.id, actorKind: "PERSON", action: "campaign.imported", entityType: "Campaign", entityId: String(campaignId), experimentId: experiment.id, requestId,
        data: JSON.parse(JSON.stringify({ created, stages: stageResult.summary, dependencies, schedules })),
      },
    });
    return { campaignId, name, created, stages: stageResult.summary, dependencies, schedules };
  }, IMPORT_TRANSACTION);
}

type StageRow = Prisma.CampaignStageGetPayload<object>;
type EdgeRow = { id: number; fromStageId: number; toStageId: number; filePatterns: string };
type ScheduleRow = Prisma.StageScheduleGetPayload<{ include: { owner: { select: { username: true } } } }>;
/** The campaign's stages (by name), edges and schedules as they are before the import writes, read under lock. */
type Before = { stages: Map<string, StageRow>; edges: EdgeRow[]; schedules: ScheduleRow[] };

async function lockedConfiguration(tx: Tx, campaignId: number): Promise<Before> {
  await tx.$queryRaw`SELECT id FROM "CampaignStage" WHERE "campaignId" = ${campaignId} ORDER BY id FOR UPDATE`;
  const stages = await tx.campaignStage.findMany({ where: { campaignId } });
  const edges = await tx.stageDependency.findMany({ where: { toStage: { campaignId } }, select: { id: true, fromStageId: true, toStageId: true, filePatterns: true } });
  const schedules = await tx.stageSchedule.findMany({ where: { stage: { campaignId } }, orderBy: { id: "asc" }, include: { owner: { select: { username: true } } } });
  return { stages: new Map(stages.map((s) => [s.name, s])), edges, schedules };
}

const PART_WORDS: Record<FingerprintPart, string> = {
  stages: "stages were added, renamed, edited or moved",
  dependencies: "dependencies were connected or disconnected",
  schedules: "schedules were added, removed or changed",
};

/**
 * Whether the campaign changed since the file was exported, in words: the stages of the file whose version moved,
 * then the parts whose fingerprint differs. Null when the file describes the campaign as it is.
 */
function staleSince(doc: CampaignDocument, before: Before, fingerprint: string): DomainError | null {
  const movedStages = doc.stages.flatMap((s) => {
    const row = before.stages.get(s.name);
    return row && s.version !== null && row.version !== s.version ? [`stage ${s.name} was changed (version ${s.version} in the file, ${row.version} now)`] : [];
  });
  const now = campaignFingerprint({ stages: [...before.stages.values()], edges: before.edges, schedules: before.schedules });
  const parts = fingerprintChanges(fingerprint, now).filter((p) => !(p === "stages" && movedStages.length));
  if (!movedStages.length && !parts.length) return null;
  const what = [...movedStages, ...parts.map((p) => PART_WORDS[p])];
  return new DomainError("stale", `This campaign changed after the file was exported: ${what.join("; ")}. Nothing was imported, so nobody's change is lost: export the campaign again and make your change on that file.`, {
    stages: doc.stages.filter((s) => before.stages.get(s.name) && s.version !== null && before.stages.get(s.name)!.version !== s.version).map((s) => s.name),
    parts,
  });
}
type Refs = Awaited<ReturnType<typeof resolveNames>>;

/** The shared templates the file names, looked up once each; an unknown name is a problem on its line. */
async function resolveNames(doc: CampaignDocument, lines: KeyLines, experimentId: number, experimentName: string) {
  const jobNames = [...new Set(doc.stages.map((s) => s.jobType))];
  const loginNames = [...new Set(doc.stages.map((s) => s.loginSetup))];
  const [jobTypes, loginSetups] = await Promise.all([
    db.jobType.findMany({ where: { experimentId, name: { in: jobNames } }, select: { id: true, name: true, active: true } }),
    db.loginSetup.findMany({ where: { experimentId, name: { in: loginNames } }, select: { id: true, name: true, active: true } }),
  ]);
  const jobTypeIds = new Map(jobTypes.map((j) => [j.name, j.id]));
  const loginSetupIds = new Map(loginSetups.map((l) => [l.name, l.id]));
  const inactiveJobs = new Set(jobTypes.filter((j) => !j.active).map((j) => j.name));
  const inactiveLogins = new Set(loginSetups.filter((l) => !l.active).map((l) => l.name));
  const problems: TomlProblem[] = [];
  const inactiveAt: { stage: number; field: "jobType" | "loginSetup"; problem: TomlProblem }[] = [];
  doc.stages.forEach((s, n) => {
    if (!jobTypeIds.has(s.jobType)) problems.push(problemAt(lines, ["stages", n, "jobType"], `There is no job type "${s.jobType}" in ${experimentName}. Job types are shared and an import never creates one: create it first, or name an existing one.`));
    else if (inactiveJobs.has(s.jobType)) inactiveAt.push({ stage: n, field: "jobType", problem: problemAt(lines, ["stages", n, "jobType"], `Job type ${s.jobType} is deactivated; reactivate it or name another.`) });
    if (!loginSetupIds.has(s.loginSetup)) problems.push(problemAt(lines, ["stages", n, "loginSetup"], `There is no login/setup "${s.loginSetup}" in ${experimentName}. Login/setups are shared and an import never creates one: create it first, or name an existing one.`));
    else if (inactiveLogins.has(s.loginSetup)) inactiveAt.push({ stage: n, field: "loginSetup", problem: problemAt(lines, ["stages", n, "loginSetup"], `Login/setup ${s.loginSetup} is deactivated; reactivate it or name another.`) });
  });
  return { jobTypeIds, loginSetupIds, problems, inactiveAt, inactive: inactiveAt.map((x) => x.problem) };
}

async function updateCampaignRow(tx: Tx, actor: Actor, row: { id: number; experimentId: number; version: number; name: string; description: string; active: boolean; defaults: unknown; keywords: unknown; tags: { tag: { name: string } }[] }, doc: CampaignDocument, requestId?: string) {
  const c = doc.campaign;
  const changes = changesOf(
    { name: row.name, description: row.description, active: row.active, defaults: JSON.parse(JSON.stringify(readDefaults(row.defaults))), keywords: keywordPairsOf(row.keywords), tags: row.tags.map((t) => t.tag.name).sort() },
    { name: c.name, description: c.description, active: c.active, defaults: JSON.parse(JSON.stringify(c.defaults)), keywords: c.keywords, tags: [...c.tags].sort() },
  );
  // Keyword order is not kept by the database (a map): the same pairs in another order are no change.
  if (changes.keywords && JSON.stringify([...keywordPairsOf(row.keywords)].sort()) === JSON.stringify([...c.keywords].sort())) delete changes.keywords;
  // The version moves on every import, so that an older export of this campaign is refused afterwards.
  const n = await tx.campaign.updateMany({
    where: { id: row.id, version: row.version },
    data: { name: c.name, description: c.description, active: c.active, defaults: JSON.parse(JSON.stringify(c.defaults)), keywords: keywordsObject(c.keywords), version: { increment: 1 } },
  });
  if (n.count !== 1) throw await staleError(tx, "Campaign", row.id, row.version);
  if (changes.tags) await setCampaignTags(tx, row.id, row.experimentId, c.tags);
  await tx.auditEvent.create({ data: { actorId: actor.id, actorKind: "PERSON", action: "campaign.edited", entityType: "Campaign", entityId: String(row.id), experimentId: row.experimentId, requestId, data: auditData(row.version + 1, changes, { via: "TOML import" }) } });
}

function stageData(s: StageDocument, n: number, refs: Refs): StageRowFields {
  return {
    position: s.position ?? n,
    stageType: s.stageType,
    jobTypeId: refs.jobTypeIds.get(s.jobType)!,
    loginSetupId: refs.loginSetupIds.get(s.loginSetup)!,
    batchBackend: s.batchBackend,
    inputDataset: s.inputDataset,
    splitType: s.splitType,
    testSplitType: s.testSplitType,
    sliceOptions: s.sliceOptions,
    graphX: s.graph?.x ?? null,
    graphY: s.graph?.y ?? null,
    softwareVersion: s.softwareVersion,
    vomsRole: s.vomsRole,
    paramOverrides: s.paramOverrides,
    testParamOverrides: s.testParamOverrides,
    completionType: s.completionType,
    completionPct: s.completionPct,
    failedRatio: s.failedRatio,
    maxJobs: s.maxJobs,
    active: s.active,
  };
}

/** Stages by name: new ones in one statement, changed ones one update each, left-out ones deactivated in one. */
async function writeStages(tx: Tx, actor: Actor, campaignId: number, experimentId: number, doc: CampaignDocument, refs: Refs, existing: Map<string, StageRow>, requestId?: string) {
  const summary: ImportSummary["stages"] = { created: [], updated: [], deactivated: [], unchanged: [] };
  const audits: Prisma.AuditEventCreateManyInput[] = [];
  const audit = (stageId: number, action: string, version: number, changes?: Record<string, unknown>, extra?: Record<string, unknown>) =>
    audits.push({ actorId: actor.id, actorKind: "PERSON", action, entityType: "CampaignStage", entityId: String(stageId), experimentId, requestId, data: auditData(version, changes, { campaignId, via: "TOML import", ...extra }) });

  const fresh = doc.stages.map((s, n) => ({ s, n })).filter(({ s }) => !existing.has(s.name));
  const createdRows = fresh.length
    ? await tx.campaignStage.createManyAndReturn({
        data: fresh.map(({ s, n }) => ({ ...(stageData(s, n, refs) as Prisma.CampaignStageCreateManyInput), campaignId, name: s.name })),
        select: { id: true, name: true },
      })
    : [];
  if (createdRows.length) await tx.splitCursor.createMany({ data: createdRows.map((r) => ({ stageId: r.id })) });
  const idOf = new Map<string, number>(createdRows.map((r) => [r.name, r.id]));
  /** Each stage's version after this import (created ones are at 1). */
  const versionOf = new Map<number, number>(createdRows.map((r) => [r.id, 1]));
  for (const r of createdRows) {
    summary.created.push(r.name);
    audit(r.id, "stage.created", 1, undefined, { name: r.name });
  }

  for (const [n, s] of doc.stages.entries()) {
    const row = existing.get(s.name);
    if (!row) continue;
    idOf.set(s.name, row.id);
    const after = stageData(s, n, refs);
    const beforeFields = Object.fromEntries(STAGE_FIELDS.map((k) => [k, k === "paramOverrides" || k === "testParamOverrides" ? readPairs(row[k]) : row[k]]));
    const changes = changesOf(beforeFields, after as Record<string, unknown>);
    if (!Object.keys(changes).length) {
      summary.unchanged.push(s.name);
      continue;
    }
    const data = Object.fromEntries(Object.keys(changes).map((k) => [k, after[k as keyof StageRowFields]]));
    const written = await tx.campaignStage.updateMany({ where: { id: row.id, version: row.version }, data: { ...data, version: { increment: 1 } } });
    if (written.count !== 1) throw await staleError(tx, "CampaignStage", row.id, row.version);
    versionOf.set(row.id, row.version + 1);
    summary.updated.push(s.name);
    audit(row.id, "stage.edited", row.version + 1, changes);
  }

  const named = new Set(doc.stages.map((s) => s.name));
  const leftOut = [...existing.values()].filter((s) => !named.has(s.name));
  for (const s of leftOut) {
    idOf.set(s.name, s.id);
    versionOf.set(s.id, s.version);
  }
  for (const s of doc.stages) if (!versionOf.has(idOf.get(s.name)!)) versionOf.set(idOf.get(s.name)!, existing.get(s.name)!.version);
  const toDeactivate = leftOut.filter((s) => s.active);
  if (toDeactivate.length) {
    await tx.campaignStage.updateMany({ where: { id: { in: toDeactivate.map((s) => s.id) } }, data: { active: false, version: { increment: 1 } } });
    for (const s of toDeactivate) {
      summary.deactivated.push(s.name);
      versionOf.set(s.id, s.version + 1);
      audit(s.id, "stage.deactivated", s.version + 1, { active: { from: true, to: false } }, { reason: "not in the imported file" });
    }
  }
  if (audits.length) await tx.auditEvent.createMany({ data: audits });
  return { idOf, versionOf, summary, created: new Set(createdRows.map((r) => r.id)) };
}
type StageResult = Awaited<ReturnType<typeof writeStages>>;

/**
 * The campaign's edges become exactly the file's: missing ones added, others removed, changed patterns updated.
 * As with connect and disconnect, each consumer whose upstream list changed moves on one version (one statement;
 * a stage the import already edited has moved) and is reported as updated, and each edge is audited on it.
 */
async function writeDependencies(tx: Tx, actor: Actor, campaignId: number, experimentId: number, doc: CampaignDocument, stages: StageResult, before: Before, requestId?: string) {
  const { idOf, versionOf, summary } = stages;
  const nameOf = new Map([...idOf].map(([name, id]) => [id, name]));
  const key = (from: number, to: number) => `${from}>${to}`;
  const want = new Map(doc.dependencies.map((d) => [key(idOf.get(d.from)!, idOf.get(d.to)!), d.filePatterns]));
  const have = new Map(before.edges.map((e) => [key(e.fromStageId, e.toStageId), e]));
  const remove = before.edges.filter((e) => !want.has(key(e.fromStageId, e.toStageId)));
  const change = before.edges.filter((e) => want.has(key(e.fromStageId, e.toStageId)) && want.get(key(e.fromStageId, e.toStageId)) !== e.filePatterns);
  const add = doc.dependencies.filter((d) => !have.has(key(idOf.get(d.from)!, idOf.get(d.to)!)));
  if (remove.length) await tx.stageDependency.deleteMany({ where: { id: { in: remove.map((e) => e.id) } } });
  for (const e of change) await tx.stageDependency.update({ where: { id: e.id }, data: { filePatterns: want.get(key(e.fromStageId, e.toStageId))! } });
  if (add.length) await tx.stageDependency.createMany({ data: add.map((d) => ({ fromStageId: idOf.get(d.from)!, toStageId: idOf.get(d.to)!, filePatterns: d.filePatterns })) });

  const consumers = new Set([...remove.map((e) => e.toStageId), ...change.map((e) => e.toStageId), ...add.map((d) => idOf.get(d.to)!)]);
  const updatedNames = new Set(summary.updated);
  // Stages the import created or already edited have their new version; the others (rows locked above) move now.
  const bump = [...consumers].filter((id) => !stages.created.has(id) && !updatedNames.has(nameOf.get(id)!) && !summary.deactivated.includes(nameOf.get(id)!));
  if (bump.length) {
    await tx.campaignStage.updateMany({ where: { id: { in: bump } }, data: { version: { increment: 1 } } });
    for (const id of bump) {
      versionOf.set(id, versionOf.get(id)! + 1);
      summary.updated.push(nameOf.get(id)!);
    }
    summary.unchanged = summary.unchanged.filter((n) => !bump.includes(idOf.get(n)!));
  }
  const audit = (action: string, toStageId: number, fromStageId: number, changes: Record<string, unknown>): Prisma.AuditEventCreateManyInput => ({
    actorId: actor.id, actorKind: "PERSON", action, entityType: "CampaignStage", entityId: String(toStageId), experimentId, requestId,
    data: auditData(versionOf.get(toStageId)!, { dependencies: changes }, { campaignId, fromStageId, via: "TOML import" }),
  });
  const audits = [
    ...add.map((d) => audit("stage.dependency_added", idOf.get(d.to)!, idOf.get(d.from)!, { from: null, to: { from: d.from, filePatterns: d.filePatterns } })),
    ...remove.map((e) => audit("stage.dependency_removed", e.toStageId, e.fromStageId, { from: { from: nameOf.get(e.fromStageId), filePatterns: e.filePatterns }, to: null })),
    ...change.map((e) => audit("stage.dependency_changed", e.toStageId, e.fromStageId, { from: { from: nameOf.get(e.fromStageId), filePatterns: e.filePatterns }, to: { from: nameOf.get(e.fromStageId), filePatterns: want.get(key(e.fromStageId, e.toStageId)) } })),
  ];
  if (audits.length) await tx.auditEvent.createMany({ data: audits });
  return { added: add.length, removed: remove.length, changed: change.length };
}

/**
 * Schedules of the file's stages become the file's: one with the same expression and zone is kept (its owner and
 * run history stay) and takes the file's flags; the others are removed; new ones are owned by the importer, with
 * the next run the reader computed. Schedules of a stage the file leaves out are deactivated with it, never
 * deleted. Each schedule added, removed, changed or deactivated is audited on its stage, with its owner.
 */
async function writeSchedules(tx: Tx, actor: Actor, campaignId: number, experimentId: number, doc: CampaignDocument, idOf: Map<string, number>, before: Before, nextRuns: NextRuns, requestId?: string) {
  const named = new Set(doc.stages.map((s) => idOf.get(s.name)!));
  const existing = before.schedules.filter((e) => named.has(e.stageId));
  const used = new Set<number>();
  const toCreate: Prisma.StageScheduleCreateManyInput[] = [];
  const audits: Prisma.AuditEventCreateManyInput[] = [];
  const audit = (action: string, stageId: number, data: Record<string, unknown>) =>
    audits.push({ actorId: actor.id, actorKind: "PERSON", action, entityType: "CampaignStage", entityId: String(stageId), experimentId, requestId, data: JSON.parse(JSON.stringify({ campaignId, via: "TOML import", ...data })) });
  const described = (e: ScheduleRow) => ({ scheduleId: e.id, cron: e.cronExpression, timeZone: e.timeZone, ownerId: e.ownerId, owner: e.owner.username });
  let changed = 0;
  const now = new Date();
  for (const s of doc.stages) {
    const stageId = idOf.get(s.name)!;
    for (const sc of s.schedules) {
      const match = existing.find((e) => e.stageId === stageId && !used.has(e.id) && e.cronExpression === sc.cron && e.timeZone === sc.timeZone);
      if (match) {
        used.add(match.id);
        if (match.active !== sc.active || match.clearWhenDone !== sc.clearWhenDone) {
          await tx.stageSchedule.update({ where: { id: match.id }, data: { active: sc.active, clearWhenDone: sc.clearWhenDone, ...(sc.active && !match.active ? { nextRunAt: memoNextRun(nextRuns, sc.cron, sc.timeZone, now) } : {}) } });
          audit("stage.schedule_changed", stageId, { ...described(match), changes: changesOfFlags(match, sc) });
          changed++;
        }
      } else {
        toCreate.push({ stageId, cronExpression: sc.cron, timeZone: sc.timeZone, active: sc.active, clearWhenDone: sc.clearWhenDone, ownerId: actor.id, nextRunAt: sc.active ? memoNextRun(nextRuns, sc.cron, sc.timeZone, now) : null });
        audit("stage.schedule_added", stageId, { cron: sc.cron, timeZone: sc.timeZone, ownerId: actor.id, active: sc.active, clearWhenDone: sc.clearWhenDone });
      }
    }
  }
  const remove = existing.filter((e) => !used.has(e.id));
  for (const e of remove) audit("stage.schedule_removed", e.stageId, described(e));
  const deactivate = before.schedules.filter((e) => !named.has(e.stageId) && e.active);
  for (const e of deactivate) audit("stage.schedule_deactivated", e.stageId, { ...described(e), reason: "its stage is not in the imported file" });
  if (remove.length) await tx.stageSchedule.deleteMany({ where: { id: { in: remove.map((e) => e.id) } } });
  if (deactivate.length) await tx.stageSchedule.updateMany({ where: { id: { in: deactivate.map((e) => e.id) } }, data: { active: false, nextRunAt: null } });
  if (toCreate.length) await tx.stageSchedule.createMany({ data: toCreate });
  if (audits.length) await tx.auditEvent.createMany({ data: audits });
  return { added: toCreate.length, removed: remove.length, changed, deactivated: deactivate.length };
}

function changesOfFlags(was: { active: boolean; clearWhenDone: boolean }, now: { active: boolean; clearWhenDone: boolean }) {
  const out: Record<string, { from: boolean; to: boolean }> = {};
  if (was.active !== now.active) out.active = { from: was.active, to: now.active };
  if (was.clearWhenDone !== now.clearWhenDone) out.clearWhenDone = { from: was.clearWhenDone, to: now.clearWhenDone };
  return out;
}
