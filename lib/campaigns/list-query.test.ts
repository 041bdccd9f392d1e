import { test } from "node:test";
import assert from "node:assert/strict";
import { campaignListHref, parseCampaignListQuery } from "./list-query";

test("the list's URL reads back what it writes", () => {
  const q = parseCampaignListQuery({ q: "  fd   reco ", experiment: "NOvA", tag: "keepup", active: "all" });
  assert.deepEqual(q, { q: "fd reco", experiment: "nova", tag: "keepup", active: "all" });
  assert.deepEqual(parseCampaignListQuery(Object.fromEntries(new URL(campaignListHref(q), "http://x").searchParams)), q);
});

test("malformed filters fall back to the default instead of failing", () => {
  assert.deepEqual(parseCampaignListQuery({ experiment: "nova'; drop", tag: "a b", active: "maybe" }), { q: "", experiment: "", tag: "", active: "active" });
  assert.equal(parseCampaignListQuery({ active: "0" }).active, "inactive");
  assert.equal(campaignListHref({}), "/campaigns");
  assert.equal(campaignListHref({ active: "inactive", q: "a&b" }), "/campaigns?q=a%26b&active=inactive");
});
