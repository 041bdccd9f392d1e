import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { listTasks } from "@/lib/tasks/queries";
import { boardSnapshot } from "./snapshot";
import { parseFilters } from "./filters";
import { DONE_RECENT_DAYS } from "./columns";
import { experimentOfKey } from "@/lib/tasks/keys";

const actor = async (u: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username: u } })).id))!;

test("the board snapshot holds what the filters select, and no more than each person may see", async () => {
  const since = new Date(Date.now() - DONE_RECENT_DAYS * 86_400_000);
  for (const [who, query] of [["oscar", ""], ["oscar", "experiment=nova"], ["oscar", "priority=HIGH,URGENT"], ["ned", ""], ["oscar", "assignee=none"], ["oscar", "q=reprocess"], ["oscar", "overdue=1"]] as const) {
    const person = await actor(who);
    const f = parseFilters(new URLSearchParams(query));
    const snap = await boardSnapshot(person, f, { doneShown: 2000 });
    const open = await listTasks(person, { ...f, statuses: ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"] }, { take: 5000, skip: 0 });
    const done = (await listTasks(person, { ...f, statuses: ["DONE"] }, { take: 5000, skip: 0 })).items.filter((t) => t.statusChangedAt >= since);
    assert.deepEqual(snap.cards.map((c) => c.id).sort((a, b) => a - b), [...open.items.map((t) => t.id), ...done.map((t) => t.id)].sort((a, b) => a - b), `${who} ?${query}`);
    assert.equal(snap.doneTotal, done.length);
    for (const c of snap.cards) {
      assert.ok(snap.experiments[experimentOfKey(c.key)], "every card's experiment is named by its key");
      if (c.assigneeId != null) assert.ok(snap.people[String(c.assigneeId)], "every assignee is in people");
      assert.ok(Number.isInteger(c.since) && Math.abs(c.since - Date.now()) < 5 * 365 * 86_400_000, "epoch milliseconds");
      assert.ok(!("campaigns" in c) || c.campaigns!.length > 0, "no empty lists are sent");
    }
  }
});

test("the Done column is paged: the most recent first, with the total", async () => {
  const person = await actor("oscar");
  const all = await boardSnapshot(person, parseFilters(new URLSearchParams()), { doneShown: 2000 });
  const page = await boardSnapshot(person, parseFilters(new URLSearchParams()), { doneShown: 1 });
  assert.equal(page.doneTotal, all.doneTotal);
  const done = page.cards.filter((c) => c.status === "DONE");
  assert.equal(done.length, Math.min(1, all.doneTotal));
  if (done.length) assert.equal(done[0].since, all.cards.filter((c) => c.status === "DONE").map((c) => c.since).sort((a, b) => a - b).at(-1));
});
