import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { bulkInput } from "@/lib/board/input";
import { bulkChangeCards } from "@/lib/tasks/commands/bulk-change-cards";
import { personIdByUsername } from "@/lib/people/directory";
import { boardCard } from "@/lib/board/card";

/**
 * POST {cards: [{taskId, version}], action: {kind: "move", to, reason?} | {kind: "assign", assignee} | {kind: "priority", priority}}:
 * one request, one answer per card (changed, with the card as it is now; or refused, and why).
 */
export const POST = authedRoute(async (req, { person }) => {
  const { cards, action } = await parseJson(req, bulkInput);
  const change = action.kind === "assign" ? { kind: "assign" as const, assigneeId: action.assignee === null ? null : await personIdByUsername(action.assignee) } : action;
  const outcomes = await bulkChangeCards(person, cards, change);
  return NextResponse.json({
    results: outcomes.map((o) => (o.ok ? { taskId: o.taskId, ok: true, card: boardCard(o.result.task), warnings: o.result.warnings } : { taskId: o.taskId, ok: false, code: o.code, message: o.message })),
    changed: outcomes.filter((o) => o.ok).length,
  });
});
