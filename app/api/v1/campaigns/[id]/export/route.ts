import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { exportCampaign } from "@/lib/campaigns/toml/export-campaign";

/** The campaign as a TOML file (configuration only; job types and login/setups by name). */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const { text, fileName } = await exportCampaign(person, id);
  return new Response(text, {
    headers: {
      "content-type": "application/toml; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._+@-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
});
