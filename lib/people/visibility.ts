import { notFound } from "@/lib/errors";
import { decide, type Actor } from "./policy";

/**
 * Something in an experiment the person may not see does not exist for them: a 404 naming what it is, never a 403
 * that would confirm its id. The one check of every read and act on campaigns, stages, submissions and held launches.
 */
export function mustSeeExperiment(actor: Actor, experimentId: number, what: string): void {
  if (!decide(actor, "experiment.view", { experimentId }).allowed) throw notFound(what);
}
