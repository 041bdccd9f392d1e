"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/http/action";
import { deleteView, saveView, saveViewInput } from "@/lib/board/views";

export async function saveViewAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const v = await saveView(person.id, saveViewInput.parse({ name: form.get("name") ?? "", query: form.get("query") ?? "" }));
    revalidatePath("/board");
    return `Saved view "${v.name}".`;
  });
}

export async function deleteViewAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    await deleteView(person.id, z.coerce.number().int().positive().parse(form.get("id")));
    revalidatePath("/board");
    return "View deleted.";
  });
}
