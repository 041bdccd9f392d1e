import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage } from "@/lib/testing/campaign-fixtures";
import { createStageInput, editStageInput } from "../input";
import { createStage } from "./create-stage";
import { editStage } from "./edit-stage";

const refusedFor = (field: string, message: RegExp) => (e: unknown) => e instanceof DomainError && e.code === "invalid_input" && message.test(e.message) && JSON.stringify(e).includes(field);

test("saving a stage refuses slice options that match no component of its campaign slicing, and changes nothing", async () => {
  const { campaign, jobType, login, ownerId } = await freshStage({ files: 3 });
  const owner = (await loadActor(ownerId))!;
  const base = { jobTypeId: jobType.id, loginSetupId: login.id, inputDataset: "nova_raw_2026", splitType: "slices(detector, trigger)" };
  await assert.rejects(
    createStage(owner, campaign.id, createStageInput.parse({ ...base, name: "bad", sliceOptions: "beam=on: --memory 4000MB" })),
    refusedFor("sliceOptions", /matches beam, which is not a component of this split \(its components: detector, stream\)/),
  );
  assert.equal(await db.campaignStage.count({ where: { campaignId: campaign.id, name: "bad" } }), 0);
  // An alias of a component is that component.
  const ok = await createStage(owner, campaign.id, createStageInput.parse({ ...base, name: "good", sliceOptions: "trigger=numi: --memory 4000MB" }));
  // Changing the split so that an option's component goes away is refused too.
  await assert.rejects(editStage(owner, ok.id, editStageInput.parse({ version: ok.version, splitType: "slices(detector)" })), refusedFor("splitType", /matches (stream|trigger), which is not a component/));
  assert.equal((await db.campaignStage.findUniqueOrThrow({ where: { id: ok.id } })).splitType, "slices(detector, stream)", "unchanged (stored canonical)");
});
