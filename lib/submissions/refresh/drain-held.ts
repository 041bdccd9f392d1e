import "server-only";
import type { Step } from "@/lib/background/runner";
import { drainHeldLaunches } from "@/lib/launch/held-launches";

/** Refresh step "drain-held-launches": held launches whose gate is open again launch, oldest first. */
export const drainHeldStep: Step = {
  name: "drain-held-launches",
  timeoutMs: 60_000,
  async run({ signal }) {
    return drainHeldLaunches({ signal });
  },
};
