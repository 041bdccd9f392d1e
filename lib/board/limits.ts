/** Configuring WIP limits (OPOS). */
import "server-only";
import { z } from "zod";
import { username } from "@/lib/people/input";
import { db } from "@/lib/db";
import { DomainError, forbidden } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { recordAudit } from "@/lib/audit/record";
import { BOARD_STATUSES } from "./columns";
import { lockColumn } from "./column-lock";

const limit = (label: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? null : typeof v === "string" && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v),
    z.number({ message: `${label} must be a whole number from 0 to 10,000, or empty for none.` }).int(`${label} must be a whole number.`).min(0, `${label} cannot be negative.`).max(10_000, `${label} must be at most 10,000.`).nullable(),
  );

export const wipLimitInput = z
  .strictObject({
    status: z.enum(["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"], { message: "Choose a board column (not Done)." }),
    assignee: username("assignee").nullable().optional(),
    softLimit: limit("The soft limit"),
    hardLimit: limit("The hard limit"),
  })
  .refine((v) => v.softLimit === null || v.hardLimit === null || v.softLimit <= v.hardLimit, { message: "The soft limit must not be above the hard limit.", path: ["softLimit"] });

export async function setWipLimit(actor: Actor, input: z.infer<typeof wipLimitInput>) {
  const d = decide(actor, "board.configure");
  if (!d.allowed) throw forbidden(d.reason);
  if (!BOARD_STATUSES.includes(input.status)) throw new DomainError("invalid_input", "Unknown column.");
  const person = input.assignee ? await db.person.findUnique({ where: { username: input.assignee } }) : null;
  if (input.assignee && !person) throw new DomainError("invalid_input", `Nobody is called "${input.assignee}".`);
  return db.$transaction(async (tx) => {
    // Serialised with moves into the column and with other changes of its limits.
    await lockColumn(tx, input.status);
    const existing = await tx.wipLimit.findFirst({ where: { status: input.status, personId: person?.id ?? null } });
    const data = { softLimit: input.softLimit, hardLimit: input.hardLimit };
    const row = existing
      ? await tx.wipLimit.update({ where: { id: existing.id }, data })
      : await tx.wipLimit.create({ data: { ...data, status: input.status, personId: person?.id ?? null } });
    await recordAudit(tx, { actorId: actor.id, action: "board.wip_limit_set", entityType: "wip_limit", entityId: row.id, data: { status: input.status, person: person?.username ?? null, ...data } });
    return row;
  });
}
