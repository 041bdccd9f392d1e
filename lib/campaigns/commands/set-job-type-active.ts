import "server-only";
import type { Actor } from "@/lib/people/policy";
import { editJobType } from "./edit-job-type";

/** Deactivates (no new stages may use it) or reactivates a job type; deactivating one in use asks first. */
export function setJobTypeActive(actor: Actor, id: number, change: { version: number; active: boolean; confirmShared?: boolean }, requestId?: string) {
  return editJobType(actor, id, { version: change.version, active: change.active, confirmShared: change.confirmShared }, requestId);
}
