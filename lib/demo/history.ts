/**
 * Demo history for the dashboards (issue 7): work finished over the last twelve weeks and open work
 * nobody has touched for a while, so that throughput, ageing and stale figures show something. Added
 * after every other demo row, with its own random sequence, so the rows before keep their values and
 * their keys (NOVA-1 …). Deterministic relative to the moment of seeding.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TaskKind, TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import { DEMO_EXPERIMENTS } from "./people";
import { seededRandom } from "./random";

const DAY = 86_400_000;

const FINISHED_TITLES: { title: string; kind: TaskKind }[] = [
  { title: "Keep-up processing for the previous run", kind: "KEEPUP" },
  { title: "MC: beam-off cosmics, 500k events", kind: "MC_GENERATION" },
  { title: "Reprocess a week of near-detector data", kind: "REPROCESSING" },
  { title: "Calibration pass for the timing offsets", kind: "CALIBRATION" },
  { title: "Copy skimmed files to the analysis area", kind: "DATA_TRANSFER" },
];

type Walk = { to: TaskStatus; by: "coordinator" | "opos" | "requester"; reason?: string; assign?: boolean }[];
const TO_DONE: Walk = [
  { to: "APPROVED", by: "coordinator" },
  { to: "ASSIGNED", by: "opos", assign: true },
  { to: "IN_PROGRESS", by: "opos" },
  { to: "DONE", by: "opos" },
];

export async function seedDashboardHistory(
  db: PrismaClient,
  now: Date,
  experimentIds: Record<string, number>,
  memberOf: (experiment: string, role?: string) => number[],
  operators: number[],
) {
  const rand = seededRandom(20261207);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const priorities: TaskPriority[] = ["LOW", "NORMAL", "NORMAL", "HIGH"];

  async function add(experiment: string, title: string, kind: TaskKind, walk: Walk, created: Date, changed: Date, neededBy: Date | null) {
    const requesterId = pick(memberOf(experiment));
    const coordinator = memberOf(experiment, "COORDINATOR")[0];
    const assigneeId = pick(operators);
    // The steps happen between creation and the last change, the last one at the last change.
    const times = walk.map((_, k) => new Date(created.getTime() + ((k + 1) * (changed.getTime() - created.getTime())) / walk.length));
    const task = await db.task.create({
      data: {
        experimentId: experimentIds[experiment],
        title,
        kind,
        description: "Finished or waiting work from the weeks before, for the dashboards' history.",
        priority: pick(priorities),
        neededBy,
        status: walk.length ? walk[walk.length - 1].to : "REQUESTED",
        requesterId,
        deciderId: walk.some((s) => s.by === "coordinator") ? coordinator : null,
        assigneeId: walk.some((s) => s.assign) ? assigneeId : null,
        boardRank: 10_000 + changed.getTime() / DAY,
        version: walk.length + 1,
        statusChangedAt: changed,
        createdAt: created,
        updatedAt: changed,
      },
    });
    let from: TaskStatus = "REQUESTED";
    await db.taskEvent.createMany({
      data: [
        { taskId: task.id, kind: "CREATED", actorId: requesterId, toStatus: "REQUESTED", createdAt: created },
        ...walk.map((s, k) => {
          const ev = {
            taskId: task.id,
            kind: s.assign ? ("ASSIGNED" as const) : ("TRANSITION" as const),
            actorId: s.by === "requester" ? requesterId : s.by === "coordinator" ? coordinator : assigneeId,
            fromStatus: from,
            toStatus: s.to,
            reason: s.reason ?? null,
            changes: s.assign ? { assigneeId: { from: null, to: assigneeId } } : undefined,
            createdAt: times[k],
          };
          from = s.to;
          return ev;
        }),
      ],
    });
  }

  for (const exp of DEMO_EXPERIMENTS) {
    const busy = exp.name === "nova" || exp.name === "dune";
    // Finished work: one or two tasks in most of the eleven weeks before this one.
    for (let week = 1; week <= 11; week++) {
      const n = rand() < (busy ? 0.8 : 0.45) ? (busy && rand() < 0.4 ? 2 : 1) : 0;
      for (let i = 0; i < n; i++) {
        const done = new Date(now.getTime() - week * 7 * DAY - Math.floor(rand() * 6 * DAY) - Math.floor(rand() * 20) * 3600_000);
        const created = new Date(done.getTime() - (8 + Math.floor(rand() * 20)) * DAY);
        const tpl = pick(FINISHED_TITLES);
        await add(exp.name, `${exp.displayName}: ${tpl.title}`, tpl.kind, TO_DONE, created, done, new Date(done.getTime() + 5 * DAY));
      }
    }
    // One request withdrawn some weeks ago: finished, but not done.
    const withdrawn = new Date(now.getTime() - (20 + Math.floor(rand() * 30)) * DAY);
    await add(exp.name, `${exp.displayName}: Special run for a detector study`, "OTHER", [{ to: "CANCELLED", by: "requester", reason: "The study was folded into the main production." }], new Date(withdrawn.getTime() - 4 * DAY), withdrawn, null);
    // Open work nobody has touched for a while: in progress for 2–4 weeks, on hold for over a month.
    const working = new Date(now.getTime() - (15 + Math.floor(rand() * 10)) * DAY);
    await add(exp.name, `${exp.displayName}: Long reprocessing of the 2024 archive`, "REPROCESSING", TO_DONE.slice(0, 3), new Date(working.getTime() - 6 * DAY), working, new Date(now.getTime() - 3 * DAY));
    const held = new Date(now.getTime() - (30 + Math.floor(rand() * 12)) * DAY);
    await add(exp.name, `${exp.displayName}: Flux re-weighting sample`, "MC_GENERATION", [...TO_DONE.slice(0, 3), { to: "ON_HOLD", by: "opos", reason: "Waiting for the new flux files." }], new Date(held.getTime() - 9 * DAY), held, null);
    if (busy) {
      const approved = new Date(now.getTime() - (8 + Math.floor(rand() * 5)) * DAY);
      await add(exp.name, `${exp.displayName}: Overlay sample for the systematics review`, "MC_GENERATION", TO_DONE.slice(0, 1), new Date(approved.getTime() - 2 * DAY), approved, new Date(now.getTime() + 10 * DAY));
    }
  }
}
