import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { campaignConfig } from "@/lib/campaigns/queries";
import { campaignFromTaskInput } from "@/lib/campaigns/input";
import { createCampaignFromTask } from "@/lib/campaigns/commands/create-campaign-from-task";

/** Create a campaign from an approved task (by id or key), linked to it. Every field is optional (drafted from the task). */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const taskId = await taskIdFromRef(params.id);
  const input = await parseJson(req, campaignFromTaskInput);
  const row = await createCampaignFromTask(person, taskId, input, requestId);
  return NextResponse.json({ campaign: await campaignConfig(person, row.id) }, { status: 201 });
});
