"use server";

import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/auth/session";
import { intIdText } from "@/lib/http/input";
import { setCurrentExperiment } from "@/lib/people/directory";

/** Remembers which experiment the person is working in; only one they may see. */
export async function switchExperiment(formData: FormData): Promise<void> {
  const person = await requireSession();
  const parsed = intIdText().safeParse(formData.get("experimentId"));
  if (!parsed.success || !person.experiments.some((e) => e.id === parsed.data)) return;
  await setCurrentExperiment(person.id, parsed.data);
  revalidatePath("/", "layout");
}
