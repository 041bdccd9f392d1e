/**
 * One lock per board column for changes that judge or change its WIP limits: cards entering a column
 * with a hard limit, and the limits themselves. Transaction-scoped: released at commit or rollback.
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

/** Advisory-lock namespace of board columns (the second key is the column). */
const COLUMN_LOCK = 7_041_001;

export async function lockColumn(tx: Pick<Prisma.TransactionClient, "$executeRaw">, status: TaskStatus) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${COLUMN_LOCK}::int, hashtext(${status}))`;
}
