"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/http/action";
import { addMembership, addMembershipInput, changeMembership, changeMembershipInput, ROLE_LABEL } from "@/lib/people/memberships";

const id = z.coerce.number().int().positive();

export async function addMemberAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const experimentId = id.parse(form.get("experimentId"));
    const input = addMembershipInput.parse({ person: form.get("person"), role: form.get("role") });
    const m = await addMembership(person, experimentId, input);
    revalidatePath("/people");
    return `Added as ${ROLE_LABEL[m.role].toLowerCase()}.`;
  });
}

export async function changeMemberAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const membershipId = id.parse(form.get("membershipId"));
    const active = form.get("active");
    const input = changeMembershipInput.parse({
      role: form.get("role") ?? undefined,
      active: active === null ? undefined : active === "true",
    });
    const m = await changeMembership(person, membershipId, input);
    revalidatePath("/people");
    return m.active ? `Saved: ${ROLE_LABEL[m.role].toLowerCase()}.` : "Deactivated.";
  });
}
