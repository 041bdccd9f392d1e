/**
 * The one permission policy. Every decision about who may see, change or act on something is
 * made here, from the person's global roles and active memberships as read from the database
 * for the current request. Pure: no I/O, table-tested in policy.test.ts.
 */
import type { ExperimentRole, GlobalRole } from "@/lib/generated/prisma/enums";

export type Actor = {
  id: number;
  active: boolean;
  globalRoles: readonly GlobalRole[];
  /** Active memberships only: experiment id → role. */
  memberships: ReadonlyMap<number, ExperimentRole>;
};

export type Permission =
  | "experiment.view" // see an experiment's tasks, campaigns, submissions
  | "charts.view" // read campaign progress charts
  | "campaign.modify" // edit configuration (campaigns, stages, job types, login/setups)
  | "campaign.act" // launch, hold, kill, release
  | "task.request" // ask for production work
  | "task.edit" // the requester's own request: edit, resubmit, withdraw (needs membership and ownership)
  | "task.decide" // approve, reject, ask for changes
  | "task.assign" // assign approved work to operators; move cards on the board
  | "task.plan" // change the priority and needed-by date of approved work (the requester edits undecided requests)
  | "task.comment"
  | "task.link_campaign" // link a campaign to a task, or unlink it
  | "membership.manage" // add, change, deactivate memberships
  | "board.configure" // WIP limits
  | "service.manage" // scheduled downtimes, incidents, global holds
  | "service.watch" // watch a service (any signed-in person)
  | "operations.view" // the refresh's runs and steps (the Operations page)
  | "admin"
  | "experiment.configure"; // the experiment's own settings: its data catalogue and dropbox (administrators only: the server's catalogue token goes there)

/** What the decision is about: its experiment, and for campaigns who owns it and as what. */
export type Resource = {
  experimentId?: number;
  ownerId?: number;
  ownerRole?: ExperimentRole;
};

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

const has = (a: Actor, r: GlobalRole) => a.globalRoles.includes(r);
const roleIn = (a: Actor, experimentId?: number) => (experimentId === undefined ? undefined : a.memberships.get(experimentId));

/** Experiment roles that may act on production work (launch/hold/kill) but not necessarily edit it. */
const PRODUCTION_ACTORS: ExperimentRole[] = ["PRODUCTION_SHIFTER", "PRODUCTION", "COORDINATOR"];
const PRODUCTION_EDITORS: ExperimentRole[] = ["PRODUCTION", "COORDINATOR"];

export function decide(actor: Actor, permission: Permission, resource: Resource = {}): Decision {
  if (!actor.active) return deny("Your account is deactivated.");
  if (has(actor, "ADMIN")) return ALLOW;
  const role = roleIn(actor, resource.experimentId);
  const needsExperiment = () => deny("This needs an experiment.");
  const ownPersonal = role === "ANALYSIS" && resource.ownerId === actor.id && resource.ownerRole === "ANALYSIS";

  switch (permission) {
    case "admin":
      return deny("Only an administrator may do this.");
    case "experiment.view":
      if (resource.experimentId === undefined) return needsExperiment();
      return role || has(actor, "OPOS") || has(actor, "MANAGER") ? ALLOW : deny("You are not a member of this experiment.");
    case "charts.view":
      if (has(actor, "MANAGER") || has(actor, "OPOS")) return ALLOW;
      if (resource.experimentId === undefined) return needsExperiment();
      return role ? ALLOW : deny("Progress charts are for managers and members of the experiment.");
    case "campaign.modify":
      if (resource.experimentId === undefined) return needsExperiment();
      if (role && PRODUCTION_EDITORS.includes(role)) return ALLOW;
      if (ownPersonal) return ALLOW;
      return deny("Only production members and the coordinator may edit this experiment's production configuration.");
    case "campaign.act":
      if (resource.experimentId === undefined) return needsExperiment();
      if (has(actor, "OPOS")) return ALLOW;
      if (role && PRODUCTION_ACTORS.includes(role)) return ALLOW;
      if (ownPersonal) return ALLOW;
      return deny("Only production shifters, production members, the coordinator or OPOS may launch or control this work.");
    case "task.request":
      if (resource.experimentId === undefined) return needsExperiment();
      return role ? ALLOW : deny("Only members of the experiment may request work for it.");
    case "task.edit":
      if (resource.experimentId === undefined) return needsExperiment();
      if (!role) return deny("You are no longer a member of this experiment, so you cannot change its requests.");
      return resource.ownerId === actor.id ? ALLOW : deny("Only the person who requested it may change a request.");
    case "task.link_campaign":
      if (resource.experimentId === undefined) return needsExperiment();
      if (has(actor, "OPOS") || (role && PRODUCTION_EDITORS.includes(role))) return ALLOW;
      return deny("Only OPOS, the coordinator or production members may link campaigns to a task.");
    case "task.decide":
      if (resource.experimentId === undefined) return needsExperiment();
      return role === "COORDINATOR" ? ALLOW : deny("Only the experiment's coordinator may decide on its requests.");
    case "task.assign":
      return has(actor, "OPOS") ? ALLOW : deny("Only OPOS operators may assign and move work on the board.");
    case "task.plan":
      if (resource.experimentId === undefined) return needsExperiment();
      if (has(actor, "OPOS") || role === "COORDINATOR") return ALLOW;
      return deny("Only OPOS operators and the experiment's coordinator may change the priority or needed-by date of approved work.");
    case "task.comment":
      if (resource.experimentId === undefined) return needsExperiment();
      return role || has(actor, "OPOS") || has(actor, "MANAGER") ? ALLOW : deny("You are not a member of this experiment.");
    case "membership.manage":
      if (resource.experimentId === undefined) return needsExperiment();
      return role === "COORDINATOR" ? ALLOW : deny("Only the experiment's coordinator may manage its memberships.");
    case "experiment.configure":
      // Administrators only (they pass above): the server calls these addresses, with its catalogue token when listed.
      return deny("Only an administrator may change where an experiment's data is catalogued.");
    case "service.watch":
      return ALLOW;
    case "board.configure":
    case "service.manage":
    case "operations.view":
      return has(actor, "OPOS") ? ALLOW : deny("Only OPOS operators may do this.");
  }
}

export const can = (actor: Actor, permission: Permission, resource?: Resource) => decide(actor, permission, resource).allowed;

/** Experiments whose data the actor may see: undefined means all of them. */
export function visibleExperimentIds(actor: Actor): number[] | undefined {
  if (has(actor, "ADMIN") || has(actor, "OPOS") || has(actor, "MANAGER")) return undefined;
  return [...actor.memberships.keys()];
}

export function coordinatedExperimentIds(actor: Actor): number[] {
  return [...actor.memberships].filter(([, r]) => r === "COORDINATOR").map(([id]) => id);
}
