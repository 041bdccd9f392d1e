"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/http/action";
import { intIdText } from "@/lib/http/input";
import { addMembership, addMembershipInput, changeMembership, changeMembershipInput, ROLE_LABEL } from "@/lib/people/memberships";

export async function addMemberAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const experimentId = intIdText("experimentId").parse(f.experimentId);
    const m = await addMembership(person, experimentId, addMembershipInput.parse({ person: f.person ?? "", role: f.role }));
    revalidatePath("/people");
    return `Added as ${ROLE_LABEL[m.role].toLowerCase()}.`;
  });
}

export async function changeMemberAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const membershipId = intIdText("membershipId").parse(f.membershipId);
    const input = changeMembershipInput.parse({ role: f.role || undefined, active: f.active === undefined ? undefined : f.active === "true" });
    const m = await changeMembership(person, membershipId, input);
    revalidatePath("/people");
    return m.active ? `Saved: ${ROLE_LABEL[m.role].toLowerCase()}.` : "Deactivated.";
  });
}
