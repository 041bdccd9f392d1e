/** What an import request looks like at the edge: the TOML text, and for a new campaign an optional other name. Pure. */
import { z } from "zod";
import { configName } from "../input";
import { MAX_TOML_CHARS } from "./document";

const tomlText = z
  .string({ message: "Send the campaign's TOML text as toml." })
  .min(1, "The file is empty.")
  .max(MAX_TOML_CHARS, `The file is larger than ${MAX_TOML_CHARS.toLocaleString("en-US")} characters.`);

/** POST /api/v1/campaigns/import: a new campaign, named as in the file or `name`; or, with mode "update", over the campaign of the file's name. */
export const importCampaignInput = z.strictObject({
  toml: tomlText,
  mode: z.enum(["new", "update"], { message: "mode is new (a new campaign) or update (the campaign of the file's name)." }).default("new"),
  name: configName("Campaign name").optional(),
});

/** POST /api/v1/campaigns/[id]/import: the file over this campaign. */
export const importIntoCampaignInput = z.strictObject({ toml: tomlText });
