/**
 * Everything on a person's dashboard: the figures and the lists, two SQL statements in parallel
 * (with the layout's one for the session, three for the page).
 */
import "server-only";
import type { Actor } from "@/lib/people/policy";
import { dashboardFigures } from "./figures";
import { dashboardLists } from "./rows";
import { dashboardSections } from "./sections";

export async function dashboardSummary(actor: Actor, now = new Date()) {
  // Own requests count for the "My requests" part only when the person has any: sections are decided
  // before the lists are read, so a person without memberships gets theirs from the figures instead.
  const provisional = dashboardSections(actor, true);
  const [figures, lists] = await Promise.all([dashboardFigures(actor, now), dashboardLists(actor, provisional, now)]);
  const hasOwnRequests = Object.values(figures.mine).some((n) => (n ?? 0) > 0);
  const sections = dashboardSections(actor, hasOwnRequests);
  return { sections, figures, lists, now };
}
