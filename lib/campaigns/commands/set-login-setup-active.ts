import "server-only";
import type { Actor } from "@/lib/people/policy";
import { editLoginSetup } from "./edit-login-setup";

/** Deactivates (no new stages may use it) or reactivates a login/setup; deactivating one in use asks first. */
export function setLoginSetupActive(actor: Actor, id: number, change: { version: number; active: boolean; confirmShared?: boolean }, requestId?: string) {
  return editLoginSetup(actor, id, { version: change.version, active: change.active, confirmShared: change.confirmShared }, requestId);
}
