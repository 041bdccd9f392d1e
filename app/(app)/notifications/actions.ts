"use server";

import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/auth/session";
import { markRead } from "@/lib/tasks/notifications";

export async function markAllReadAction(): Promise<void> {
  const person = await requireSession();
  await markRead(person.id);
  revalidatePath("/", "layout");
}
