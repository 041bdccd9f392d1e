import "server-only";
import type { Step } from "@/lib/background/runner";
import { decideWrapUps } from "./decide";
import { launchQueued } from "./launch-queued";

/**
 * Refresh step "wrap-up" (after the Located step): decides the recovery or dependent stages of every Located
 * submission not yet wrapped up (bulk, chunked), then launches what was decided, up to 200 per refresh; the rest
 * wait in the queue for the next refresh.
 */
export const wrapUpStep: Step = {
  name: "wrap-up",
  timeoutMs: 120_000,
  async run({ now, signal }) {
    const decided = await decideWrapUps({ now, signal });
    const launched = await launchQueued({ now, signal, max: 200 });
    return { ...decided, ...launched };
  },
};
