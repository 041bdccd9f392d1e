import type { ExperimentRole, GlobalRole } from "@/lib/generated/prisma/enums";

/** The demo cast. README.md lists the same accounts; e2e tests sign in as them. */
export type DemoPerson = {
  username: string;
  name: string;
  globalRoles?: GlobalRole[];
  memberships?: [experiment: string, role: ExperimentRole][];
  active?: boolean;
};

export const DEMO_EXPERIMENTS = [
  { name: "nova", displayName: "NOvA", description: "NuMI Off-axis νe Appearance experiment" },
  { name: "dune", displayName: "DUNE", description: "Deep Underground Neutrino Experiment" },
  { name: "uboone", displayName: "MicroBooNE", description: "Liquid-argon TPC on the Booster Neutrino Beam" },
  { name: "icarus", displayName: "ICARUS", description: "Far detector of the Short-Baseline Neutrino programme" },
  { name: "sbnd", displayName: "SBND", description: "Near detector of the Short-Baseline Neutrino programme" },
] as const;

export const DEMO_PEOPLE: DemoPerson[] = [
  { username: "ada", name: "Ada Admin", globalRoles: ["ADMIN"] },
  { username: "oscar", name: "Oscar Ortiz", globalRoles: ["OPOS"] },
  { username: "olga", name: "Olga Petrova", globalRoles: ["OPOS"] },
  { username: "omar", name: "Omar Haddad", globalRoles: ["OPOS"] },
  { username: "opal", name: "Opal Nguyen", globalRoles: ["OPOS"] },
  { username: "maria", name: "Maria Rossi", globalRoles: ["MANAGER"] },
  { username: "mike", name: "Mike Chen", globalRoles: ["MANAGER"] },
  { username: "nina", name: "Nina Kowalski", memberships: [["nova", "COORDINATOR"]] },
  { username: "noah", name: "Noah Fischer", memberships: [["nova", "PRODUCTION"]] },
  { username: "nadia", name: "Nadia Rahman", memberships: [["nova", "PRODUCTION_SHIFTER"]] },
  { username: "ned", name: "Ned Okafor", memberships: [["nova", "ANALYSIS"], ["dune", "ANALYSIS"]] },
  { username: "nora", name: "Nora Lindqvist", memberships: [["nova", "ANALYSIS"]] },
  { username: "dana", name: "Dana Whitfield", memberships: [["dune", "COORDINATOR"]] },
  { username: "dev", name: "Devika Iyer", memberships: [["dune", "PRODUCTION"]] },
  { username: "dmitri", name: "Dmitri Volkov", memberships: [["dune", "PRODUCTION_SHIFTER"]] },
  { username: "diego", name: "Diego Alvarez", memberships: [["dune", "ANALYSIS"]] },
  { username: "uma", name: "Uma Sato", memberships: [["uboone", "COORDINATOR"]] },
  { username: "ugo", name: "Ugo Bianchi", memberships: [["uboone", "PRODUCTION"]] },
  { username: "ursula", name: "Ursula Becker", memberships: [["uboone", "ANALYSIS"]] },
  { username: "ivan", name: "Ivan Horvat", memberships: [["icarus", "COORDINATOR"]] },
  { username: "iris", name: "Iris Moreau", memberships: [["icarus", "PRODUCTION"]] },
  { username: "ines", name: "Inês Costa", memberships: [["icarus", "ANALYSIS"], ["sbnd", "ANALYSIS"]] },
  { username: "sam", name: "Sam Adeyemi", memberships: [["sbnd", "COORDINATOR"]] },
  { username: "sara", name: "Sara Kim", memberships: [["sbnd", "ANALYSIS"]] },
  { username: "otto", name: "Otto Retired", memberships: [["nova", "ANALYSIS"]], active: false },
];
