"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/http/action";
import { intIdText } from "@/lib/http/input";
import { deleteView, saveView, saveViewInput } from "@/lib/board/views";

export async function saveViewAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const v = await saveView(person.id, saveViewInput.parse({ name: f.name ?? "", query: f.query ?? "" }));
    revalidatePath("/board");
    return `Saved view "${v.name}".`;
  });
}

export async function deleteViewAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    await deleteView(person.id, intIdText("id").parse(f.id));
    revalidatePath("/board");
    return "View deleted.";
  });
}
