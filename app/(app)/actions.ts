"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { requireSession } from "@/lib/auth/session";

/** Remembers which experiment the person is working in; only one they may see. */
export async function switchExperiment(formData: FormData): Promise<void> {
  const person = await requireSession();
  const parsed = z.coerce.number().int().positive().safeParse(formData.get("experimentId"));
  if (!parsed.success || !person.experiments.some((e) => e.id === parsed.data)) return;
  await db.person.update({ where: { id: person.id }, data: { currentExperimentId: parsed.data } });
  revalidatePath("/", "layout");
}
