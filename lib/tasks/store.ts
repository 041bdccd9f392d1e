/**
 * Task requests: the only place they change. Every change checks the policy and the lifecycle,
 * updates the row only if its version is the one the person saw (so no move is lost or silently
 * reverted), appends the event and notifies the people concerned, atomically: state changes (the
 * hot path of the board) as one guarded SQL statement, the rarer edits, assignments and reorders
 * as a transaction holding the row lock.
 */
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { can, decide, type Actor } from "@/lib/people/policy";
import { findTransition, STATUS_LABEL, type TaskParty } from "./lifecycle";
import type { CreateTaskInput, EditTaskInput } from "./input";
import { BOARD_COLUMNS } from "@/lib/board/columns";
import { checkWip } from "@/lib/board/wip";

type Tx = Prisma.TransactionClient;
type TaskRow = Prisma.TaskGetPayload<object>;

export type ChangeResult = { task: TaskRow; warnings: string[] };

const EDITABLE: TaskStatus[] = ["REQUESTED", "CHANGES_REQUESTED"];

/** Who the actor is to this task, for the lifecycle's "by" rules. */
export function partiesFor(actor: Actor, task: Pick<TaskRow, "experimentId" | "requesterId" | "assigneeId">): Set<TaskParty> {
  const parties = new Set<TaskParty>();
  if (task.requesterId === actor.id && can(actor, "task.request", { experimentId: task.experimentId })) parties.add("requester");
  if (can(actor, "task.decide", { experimentId: task.experimentId })) parties.add("coordinator");
  if (can(actor, "task.assign")) parties.add("opos");
  if (task.assigneeId === actor.id && actor.active) parties.add("assignee");
  return parties;
}

function mustSee(actor: Actor, task: Pick<TaskRow, "experimentId" | "requesterId">) {
  if (task.requesterId === actor.id) return;
  const d = decide(actor, "experiment.view", { experimentId: task.experimentId });
  if (!d.allowed) throw notFound("Task");
}

async function loadForChange(tx: Tx, id: number) {
  // Row lock: concurrent changes to one task queue here instead of interleaving.
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Task" WHERE id = ${id} FOR UPDATE`;
  if (!rows.length) throw notFound("Task");
  return tx.task.findUniqueOrThrow({ where: { id } });
}

function checkVersion(task: TaskRow, version: number | undefined) {
  if (version !== undefined && version !== task.version) {
    throw new DomainError(
      "conflict",
      `Someone else changed this task first (it is now "${STATUS_LABEL[task.status]}"). The board shows the current state; try again if still needed.`,
      { current: { status: task.status, version: task.version, assigneeId: task.assigneeId } },
    );
  }
}

async function notify(tx: Tx, personIds: (number | null | undefined)[], taskId: number, message: string, exceptId: number) {
  const ids = [...new Set(personIds.filter((p): p is number => typeof p === "number" && p !== exceptId))];
  if (ids.length) await tx.notification.createMany({ data: ids.map((personId) => ({ personId, taskId, message })) });
}

async function coordinatorsOf(tx: Tx, experimentId: number) {
  const rows = await tx.membership.findMany({ where: { experimentId, role: "COORDINATOR", active: true, person: { active: true } }, select: { personId: true } });
  return rows.map((r) => r.personId);
}

async function endOfColumn(tx: Tx, status: TaskStatus) {
  const r = await tx.task.aggregate({ where: { status }, _max: { boardRank: true } });
  return (r._max.boardRank ?? 0) + 1;
}

/** WIP limits for a card entering `status` (optionally for `assigneeId`). Throws on a hard limit. */
async function wipFor(tx: Tx, status: TaskStatus, assigneeId: number | null): Promise<string[]> {
  const column = BOARD_COLUMNS.find((c) => c.status === status);
  if (!column || status === "DONE") return [];
  const limits = await tx.wipLimit.findMany({ where: { status, OR: [{ personId: null }, ...(assigneeId ? [{ personId: assigneeId }] : [])] } });
  if (!limits.length) return [];
  const columnLimit = limits.find((l) => l.personId === null);
  const operatorLimit = limits.find((l) => l.personId === assigneeId && assigneeId !== null);
  const [columnCount, operatorCount, operator] = await Promise.all([
    columnLimit ? tx.task.count({ where: { status } }) : 0,
    operatorLimit ? tx.task.count({ where: { status, assigneeId } }) : 0,
    operatorLimit && assigneeId ? tx.person.findUnique({ where: { id: assigneeId }, select: { name: true } }) : null,
  ]);
  const verdict = checkWip({ columnTitle: column.title, columnCount, columnLimit, operatorName: operator?.name, operatorCount, operatorLimit });
  if (!verdict.ok) throw new DomainError("limit_reached", verdict.message);
  return verdict.warnings;
}

/** Updates only if the version is unchanged; bumps it. */
async function versionedUpdate(tx: Tx, task: TaskRow, data: Prisma.TaskUncheckedUpdateInput) {
  const n = await tx.task.updateMany({ where: { id: task.id, version: task.version }, data: { ...data, version: { increment: 1 } } });
  if (n.count !== 1) throw new DomainError("conflict", "Someone else changed this task at the same moment; the board shows the current state.");
  return tx.task.findUniqueOrThrow({ where: { id: task.id } });
}

export async function createTask(actor: Actor, input: CreateTaskInput): Promise<TaskRow> {
  const experiment = await db.experiment.findUnique({ where: { name: input.experiment } });
  if (!experiment || !experiment.active) throw new DomainError("invalid_input", `Unknown experiment "${input.experiment}".`, { field: "experiment" });
  const d = decide(actor, "task.request", { experimentId: experiment.id });
  if (!d.allowed) throw forbidden(d.reason);
  const { experiment: _e, neededBy, estimatedEvents, ...fields } = input;
  return db.$transaction(async (tx) => {
    const task = await tx.task.create({
      data: {
        ...fields,
        estimatedEvents: estimatedEvents === undefined ? undefined : BigInt(estimatedEvents),
        neededBy: neededBy ? new Date(`${neededBy}T00:00:00Z`) : null,
        experimentId: experiment.id,
        requesterId: actor.id,
      },
    });
    await tx.taskEvent.create({ data: { taskId: task.id, kind: "CREATED", actorId: actor.id, toStatus: "REQUESTED" } });
    await notify(tx, await coordinatorsOf(tx, experiment.id), task.id, `New request for ${experiment.displayName}: ${task.title}`, actor.id);
    return task;
  });
}

const comparable = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.join(" ") : (v ?? null));

export async function editTask(actor: Actor, id: number, input: EditTaskInput, version?: number): Promise<TaskRow> {
  return db.$transaction(async (tx) => {
    const task = await loadForChange(tx, id);
    mustSee(actor, task);
    if (task.requesterId !== actor.id) throw forbidden("Only the person who requested it may edit a request.");
    if (!EDITABLE.includes(task.status)) throw new DomainError("invalid_transition", `A request can be edited only while it is requested or changes are requested; it is ${STATUS_LABEL[task.status].toLowerCase()}.`);
    checkVersion(task, version);
    const next: Record<string, unknown> = {
      ...input,
      neededBy: input.neededBy === undefined ? undefined : input.neededBy ? new Date(`${input.neededBy}T00:00:00Z`) : null,
      estimatedEvents: input.estimatedEvents === undefined ? undefined : BigInt(input.estimatedEvents),
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) continue;
      const before = comparable(task[k as keyof TaskRow]);
      const after = comparable(v);
      if (JSON.stringify(before) !== JSON.stringify(after)) changes[k] = { from: before, to: after };
    }
    if (!Object.keys(changes).length) return task;
    const updated = await versionedUpdate(tx, task, Object.fromEntries(Object.keys(changes).map((k) => [k, next[k]])));
    await tx.taskEvent.create({ data: { taskId: id, kind: "EDITED", actorId: actor.id, changes: changes as Prisma.InputJsonValue } });
    return updated;
  });
}

type Limit = { personId: number | null; softLimit: number | null; hardLimit: number | null; count: number };
type MoveContext = TaskRow & { limits: Limit[]; names: Record<string, string> };

/**
 * One read for a state change: the row, the WIP limits of the target column with their current
 * counts, and the names a notification needs. No lock: the write below is guarded by the version.
 */
async function readForMove(id: number, to: TaskStatus, actorId: number): Promise<MoveContext> {
  const rows = await db.$queryRaw<MoveContext[]>`
    SELECT t.*,
      COALESCE((SELECT json_agg(json_build_object('personId', w."personId", 'softLimit', w."softLimit", 'hardLimit', w."hardLimit",
                 'count', (SELECT count(*) FROM "Task" x WHERE x.status = w.status AND (w."personId" IS NULL OR x."assigneeId" = w."personId"))))
                FROM "WipLimit" w WHERE w.status = ${to}::"TaskStatus"), '[]'::json) AS limits,
      COALESCE((SELECT json_object_agg(p.id, p.name) FROM "Person" p WHERE p.id = t."assigneeId" OR p.id = ${actorId}), '{}'::json) AS names
    FROM "Task" t WHERE t.id = ${id}`;
  if (!rows.length) throw notFound("Task");
  return rows[0];
}

function wipVerdict(ctx: MoveContext, to: TaskStatus, assigneeId: number | null) {
  const column = BOARD_COLUMNS.find((c) => c.status === to);
  if (!column || to === "DONE" || !ctx.limits.length) return { warnings: [] as string[], hard: null, operatorHard: null };
  const columnLimit = ctx.limits.find((l) => l.personId === null);
  const operatorLimit = assigneeId === null ? undefined : ctx.limits.find((l) => l.personId === assigneeId);
  const verdict = checkWip({
    columnTitle: column.title,
    columnCount: Number(columnLimit?.count ?? 0),
    columnLimit,
    operatorName: operatorLimit ? (ctx.names[String(assigneeId)] ?? "The operator") : undefined,
    operatorCount: Number(operatorLimit?.count ?? 0),
    operatorLimit,
  });
  if (!verdict.ok) throw new DomainError("limit_reached", verdict.message);
  return { warnings: verdict.warnings, hard: columnLimit?.hardLimit ?? null, operatorHard: operatorLimit?.hardLimit ?? null };
}

/**
 * One step of the lifecycle, by a person who may make it, with a reason where one is needed.
 * Two round trips: the read above, then one statement that updates the row only if its version and
 * the WIP hard limits still hold, and in the same statement appends the event and the notifications.
 */
export async function transitionTask(actor: Actor, id: number, args: { to: TaskStatus; reason?: string; version?: number; rank?: number }, read?: MoveContext): Promise<ChangeResult> {
  const task = read ?? (await readForMove(id, args.to, actor.id));
  mustSee(actor, task);
  checkVersion(task, args.version);
  if (task.status === args.to) throw new DomainError("invalid_transition", `It is already ${STATUS_LABEL[task.status].toLowerCase()}.`);
  const tr = findTransition(task.status, args.to);
  if (!tr) throw new DomainError("invalid_transition", `A task cannot go from ${STATUS_LABEL[task.status].toLowerCase()} to ${STATUS_LABEL[args.to].toLowerCase()}.`);
  const parties = partiesFor(actor, task);
  if (!tr.by.some((p) => parties.has(p))) {
    const who = tr.by.map((p) => ({ requester: "the requester", coordinator: "the experiment's coordinator", opos: "an OPOS operator", assignee: "the assignee" })[p]);
    throw forbidden(`Only ${who.join(" or ")} may ${tr.action.replace("_", " ")} this task.`);
  }
  const reason = args.reason?.trim() || null;
  if (tr.reasonRequired && !reason) throw new DomainError("invalid_input", `Give a reason to ${tr.action.replace("_", " ")} this task.`, { field: "reason" });
  // Moving to Assigned needs an assignee: the mover, when nobody is assigned yet.
  const assigneeId = args.to === "APPROVED" ? null : args.to === "ASSIGNED" && !task.assigneeId ? actor.id : task.assigneeId;
  const { warnings, hard, operatorHard } = wipVerdict(task, args.to, assigneeId);
  const decision = tr.by.includes("coordinator") && ["approve", "reject", "request_changes"].includes(tr.action);
  const assigned = assigneeId !== task.assigneeId;
  const newAssignee = assigned && assigneeId ? (task.names[String(assigneeId)] ?? null) : null;
  const message = `"${task.title}" is now ${STATUS_LABEL[args.to].toLowerCase()}${newAssignee ? ` (assigned to ${newAssignee})` : ""}${reason ? `: ${reason}` : ""}`;
  const recipients = [...new Set([task.requesterId, assigned ? assigneeId : null].filter((p): p is number => p !== null && p !== actor.id))];
  const changes = assigned ? JSON.stringify({ assigneeId: { from: task.assigneeId, to: assigneeId } }) : null;
  const resubmitted = tr.action === "resubmit";
  const rows = await db.$queryRaw<TaskRow[]>`
    WITH upd AS (
      UPDATE "Task" SET
        status = ${args.to}::"TaskStatus",
        "assigneeId" = ${assigneeId}::int,
        "boardRank" = COALESCE(${args.rank ?? null}::float8, (SELECT COALESCE(max("boardRank"), 0) + 1 FROM "Task" WHERE status = ${args.to}::"TaskStatus")),
        "statusChangedAt" = now(), "updatedAt" = now(), version = version + 1,
        "deciderId" = CASE WHEN ${decision} THEN ${actor.id}::int ELSE "deciderId" END,
        "decisionReason" = CASE WHEN ${decision} THEN ${reason}::text ELSE "decisionReason" END
      WHERE id = ${id} AND version = ${task.version}
        AND (${hard}::int IS NULL OR (SELECT count(*) FROM "Task" WHERE status = ${args.to}::"TaskStatus") < ${hard}::int)
        AND (${operatorHard}::int IS NULL OR (SELECT count(*) FROM "Task" WHERE status = ${args.to}::"TaskStatus" AND "assigneeId" = ${assigneeId}::int) < ${operatorHard}::int)
      RETURNING *
    ), ev AS (
      INSERT INTO "TaskEvent" ("taskId", kind, "actorId", "actorKind", "fromStatus", "toStatus", reason, changes, "createdAt")
      SELECT id, ${assigned ? "ASSIGNED" : "TRANSITION"}::"TaskEventKind", ${actor.id}::int, 'PERSON', ${task.status}::"TaskStatus", ${args.to}::"TaskStatus", ${reason}::text, ${changes}::jsonb, now() FROM upd
    ), note AS (
      INSERT INTO "Notification" ("personId", "taskId", message, "createdAt")
      SELECT p, upd.id, ${message}::text, now() FROM upd, unnest(${recipients}::int[]) AS p
    ), coordinators AS (
      INSERT INTO "Notification" ("personId", "taskId", message, "createdAt")
      SELECT m."personId", upd.id, ${`Request resubmitted after changes: ${task.title}`}::text, now()
      FROM upd JOIN "Membership" m ON m."experimentId" = upd."experimentId" AND m.role = 'COORDINATOR' AND m.active AND m."personId" <> ${actor.id}::int
      WHERE ${resubmitted}
    )
    SELECT * FROM upd`;
  if (!rows.length) {
    // Nothing written: either someone moved it first, or the column filled up meanwhile.
    const now = await db.task.findUnique({ where: { id } });
    if (now && now.version !== task.version) checkVersion(now, task.version);
    throw new DomainError("limit_reached", "The column reached its hard limit at the same moment; try again later.");
  }
  return { task: rows[0], warnings };
}

/** Assign or reassign to an OPOS operator; an approved task moves to Assigned. */
export async function assignTask(actor: Actor, id: number, args: { assigneeId: number | null; version?: number }): Promise<ChangeResult> {
  const d = decide(actor, "task.assign");
  if (!d.allowed) throw forbidden(d.reason);
  return db.$transaction(async (tx) => {
    const task = await loadForChange(tx, id);
    checkVersion(task, args.version);
    if (!["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"].includes(task.status)) {
      throw new DomainError("invalid_transition", `Only approved work can be assigned; this task is ${STATUS_LABEL[task.status].toLowerCase()}.`);
    }
    if (args.assigneeId === task.assigneeId) return { task, warnings: [] };
    if (args.assigneeId !== null) {
      const operator = await tx.person.findUnique({ where: { id: args.assigneeId } });
      if (!operator || !operator.active || !operator.globalRoles.includes("OPOS")) throw new DomainError("invalid_input", "Work can be assigned only to an active OPOS operator.", { field: "assigneeId" });
    }
    const status: TaskStatus = args.assigneeId === null ? (task.status === "ON_HOLD" ? "ON_HOLD" : "APPROVED") : task.status === "APPROVED" ? "ASSIGNED" : task.status;
    const warnings = await wipFor(tx, status, args.assigneeId);
    const updated = await versionedUpdate(tx, task, {
      assigneeId: args.assigneeId,
      status,
      ...(status !== task.status ? { statusChangedAt: new Date(), boardRank: await endOfColumn(tx, status) } : {}),
    });
    await tx.taskEvent.create({
      data: { taskId: id, kind: "ASSIGNED", actorId: actor.id, fromStatus: task.status, toStatus: status, changes: { assigneeId: { from: task.assigneeId, to: args.assigneeId } } },
    });
    const who = args.assigneeId ? (await tx.person.findUnique({ where: { id: args.assigneeId }, select: { name: true } }))?.name : null;
    await notify(tx, [task.requesterId, args.assigneeId], id, who ? `"${task.title}" is assigned to ${who}` : `"${task.title}" is unassigned`, actor.id);
    return { task: updated, warnings };
  });
}

/** Reorders a card within its column (an OPOS move that is not a state change). */
async function reorderTask(actor: Actor, id: number, args: { rank: number; version?: number }): Promise<ChangeResult> {
  const d = decide(actor, "task.assign");
  if (!d.allowed) throw forbidden(d.reason);
  return db.$transaction(async (tx) => {
    const task = await loadForChange(tx, id);
    checkVersion(task, args.version);
    const updated = await versionedUpdate(tx, task, { boardRank: args.rank });
    await tx.taskEvent.create({ data: { taskId: id, kind: "MOVED", actorId: actor.id, fromStatus: task.status, toStatus: task.status, changes: { boardRank: { from: task.boardRank, to: args.rank } } } });
    return { task: updated, warnings: [] };
  });
}

/** A board move: a state change, a reorder, or both. */
export async function moveTask(actor: Actor, id: number, args: { to: TaskStatus; rank?: number; version: number; reason?: string }): Promise<ChangeResult> {
  const d = decide(actor, "task.assign");
  if (!d.allowed) throw forbidden(d.reason);
  const current = await readForMove(id, args.to, actor.id);
  // A stale card is refused before choosing what kind of move this is.
  checkVersion(current, args.version);
  if (current.status === args.to) {
    if (args.rank === undefined) throw new DomainError("invalid_input", "Say where in the column to put the card.");
    return reorderTask(actor, id, { rank: args.rank, version: args.version });
  }
  return transitionTask(actor, id, args, current);
}

export async function commentOnTask(actor: Actor, id: number, body: string) {
  const task = await db.task.findUnique({ where: { id } });
  if (!task) throw notFound("Task");
  mustSee(actor, task);
  if (task.requesterId !== actor.id) {
    const d = decide(actor, "task.comment", { experimentId: task.experimentId });
    if (!d.allowed) throw forbidden(d.reason);
  }
  return db.$transaction(async (tx) => {
    const comment = await tx.taskComment.create({ data: { taskId: id, authorId: actor.id, body } });
    await tx.taskEvent.create({ data: { taskId: id, kind: "COMMENTED", actorId: actor.id, reason: body.slice(0, 200) } });
    await notify(tx, [task.requesterId, task.assigneeId], id, `New comment on "${task.title}"`, actor.id);
    return comment;
  });
}

export async function linkCampaign(actor: Actor, id: number, campaignId: number, link: boolean) {
  const task = await db.task.findUnique({ where: { id } });
  if (!task) throw notFound("Task");
  mustSee(actor, task);
  const allowed = can(actor, "task.assign") || can(actor, "task.decide", { experimentId: task.experimentId }) || can(actor, "campaign.modify", { experimentId: task.experimentId });
  if (!allowed) throw forbidden("Only OPOS, the coordinator or production members may link campaigns to a task.");
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign || campaign.experimentId !== task.experimentId) throw new DomainError("invalid_input", "Choose a campaign of the task's own experiment.", { field: "campaignId" });
  await db.$transaction(async (tx) => {
    if (link) await tx.taskCampaign.upsert({ where: { taskId_campaignId: { taskId: id, campaignId } }, create: { taskId: id, campaignId }, update: {} });
    else await tx.taskCampaign.deleteMany({ where: { taskId: id, campaignId } });
    await tx.taskEvent.create({ data: { taskId: id, kind: link ? "LINKED" : "UNLINKED", actorId: actor.id, changes: { campaign: { from: link ? null : campaign.name, to: link ? campaign.name : null } } } });
  });
}
