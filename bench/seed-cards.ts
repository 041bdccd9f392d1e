/**
 * Bench data on top of the demo seed: three more experiments (8 in all) and enough open tasks
 * spread over them, the four open board columns, priorities and operators that the board shows
 * `openCards` cards. Shared by bench/board.ts and bench/http.ts (--cards).
 */
import type { PrismaClient } from "../lib/generated/prisma/client";

export async function seedBoardCards(db: PrismaClient, openCards: number): Promise<{ added: number; experiments: number }> {
  for (const name of ["mu2e", "gm2", "minerva"]) {
    if (!(await db.experiment.findUnique({ where: { name } }))) await db.experiment.create({ data: { name, displayName: name.toUpperCase() } });
  }
  const experiments = await db.experiment.findMany({ orderBy: { id: "asc" } });
  const requester = await db.person.findUniqueOrThrow({ where: { username: "ned" } });
  const operators = await db.person.findMany({ where: { globalRoles: { has: "OPOS" } }, orderBy: { id: "asc" } });
  const statuses = ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"] as const;
  const existing = await db.task.count({ where: { status: { in: [...statuses] } } });
  const n = Math.max(0, openCards - existing);
  await db.task.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const status = statuses[i % 4];
      return {
        experimentId: experiments[i % experiments.length].id,
        title: `Bench task ${i}: reprocess slice ${i % 97}`,
        kind: "REPROCESSING" as const,
        requesterId: requester.id,
        status,
        assigneeId: status === "APPROVED" ? null : operators[i % operators.length].id,
        priority: (["LOW", "NORMAL", "HIGH", "URGENT"] as const)[i % 4],
        boardRank: i,
        neededBy: new Date(Date.now() + ((i % 60) - 10) * 86_400_000),
      };
    }),
  });
  return { added: n, experiments: experiments.length };
}
