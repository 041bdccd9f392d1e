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
  // Both statements run at once, so the lists cannot wait for the figures: they read the person's own
  // requests unconditionally (a few rows), and "My requests" is then shown to members, and to anyone
  // else who turns out to have requests of their own (e.g. a former member).
  const provisional = dashboardSections(actor, true);
  const [figures, lists] = await Promise.all([dashboardFigures(actor, now), dashboardLists(actor, provisional, now)]);
  const hasOwnRequests = Object.values(figures.mine).some((n) => (n ?? 0) > 0);
  const sections = dashboardSections(actor, hasOwnRequests);
  return { sections, figures, lists, now };
}
