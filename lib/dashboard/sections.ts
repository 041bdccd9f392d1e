/**
 * Which parts of the dashboard a person sees, from their roles: a person holding several roles sees
 * each relevant part. Pure.
 */
import { can, coordinatedExperimentIds, type Actor } from "@/lib/people/policy";

export type DashboardSections = {
  /** Their own requests (experimenters: anyone with a membership, or anyone who has requested work). */
  myRequests: boolean;
  /** Requests awaiting their decision and the open work of the experiments they coordinate. */
  coordinatedExperimentIds: number[];
  /** OPOS: work assigned to them, approved work nobody has taken, work in progress. */
  operations: boolean;
  /** Managers and administrators: the read-only overview across experiments, with charts. */
  overview: boolean;
  /** The "Request a task" button: only for people who may request work in some experiment. */
  mayRequest: boolean;
};

export function dashboardSections(actor: Actor, hasOwnRequests = false): DashboardSections {
  const memberOf = [...actor.memberships.keys()];
  return {
    myRequests: memberOf.length > 0 || hasOwnRequests,
    coordinatedExperimentIds: coordinatedExperimentIds(actor),
    operations: actor.globalRoles.includes("OPOS"),
    overview: actor.globalRoles.includes("MANAGER") || actor.globalRoles.includes("ADMIN"),
    mayRequest: memberOf.some((experimentId) => can(actor, "task.request", { experimentId })),
  };
}
