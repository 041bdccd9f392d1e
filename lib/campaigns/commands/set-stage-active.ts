import "server-only";
import type { Actor } from "@/lib/people/policy";
import { editStage } from "./edit-stage";

/** Deactivates (not launched) or reactivates a stage at the version read. */
export function setStageActive(actor: Actor, id: number, change: { version: number; active: boolean }, requestId?: string) {
  return editStage(actor, id, { version: change.version, active: change.active }, requestId);
}
