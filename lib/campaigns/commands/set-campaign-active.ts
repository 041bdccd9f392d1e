import "server-only";
import type { Actor } from "@/lib/people/policy";
import { editCampaign } from "./edit-campaign";

/** Deactivates (hidden from "active" lists, not launched) or reactivates one campaign at the version read. */
export function setCampaignActive(actor: Actor, id: number, change: { version: number; active: boolean }, requestId?: string) {
  return editCampaign(actor, id, { version: change.version, active: change.active }, requestId);
}
