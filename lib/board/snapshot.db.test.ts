import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { listTasks } from "@/lib/tasks/queries";
import { visibleExperimentIds, type Actor } from "@/lib/people/policy";
import type { TaskFilters } from "./filters";
import { boardSnapshot, boardSnapshotJson } from "./snapshot";
import { parseFilters } from "./filters";
import { DONE_RECENT_DAYS } from "./columns";
import { experimentOfKey } from "@/lib/tasks/keys";

const actor = async (u: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username: u } })).id))!;

/** The filters' meaning, written independently of the SQL: every task, filtered in JavaScript. */
async function expected(person: Actor, f: TaskFilters) {
  const all = await db.task.findMany({ include: { experiment: true, assignee: true } });
  const visible = visibleExperimentIds(person);
  const today = new Date().toISOString().slice(0, 10);
  // Search: every word typed is the start of a word of the title, description or input dataset.
  const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const typed = f.q ? words(f.q) : [];
  return all.filter(
    (t) =>
      (!visible || visible.includes(t.experimentId) || t.requesterId === person.id) &&
      (!f.experiments.length || f.experiments.includes(t.experiment.name)) &&
      (f.assignee === undefined || (f.assignee === "none" ? t.assigneeId === null : t.assignee?.username === f.assignee)) &&
      (!f.priorities.length || f.priorities.includes(t.priority)) &&
      (!f.kinds.length || f.kinds.includes(t.kind)) &&
      (!typed.length || typed.every((w) => words(`${t.title} ${t.description} ${t.inputDataset}`).some((x) => x.startsWith(w)))) &&
      (!f.overdue || (t.neededBy !== null && t.neededBy.toISOString().slice(0, 10) < today && !["DONE", "CANCELLED", "REJECTED"].includes(t.status))),
  );
}

test("the board and the task list hold what the filters select, and no more than each person may see", async () => {
  const since = new Date(Date.now() - DONE_RECENT_DAYS * 86_400_000);
  for (const [who, query] of [["oscar", ""], ["oscar", "experiment=nova"], ["oscar", "priority=HIGH,URGENT"], ["ned", ""], ["oscar", "assignee=none"], ["oscar", "q=reprocess"], ["oscar", "overdue=1"]] as const) {
    const person = await actor(who);
    const f = parseFilters(new URLSearchParams(query));
    const snap = await boardSnapshot(person, f, { doneShown: 2000 });
    const matching = await expected(person, f);
    const open = matching.filter((t) => ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"].includes(t.status));
    const done = matching.filter((t) => t.status === "DONE" && t.statusChangedAt >= since);
    assert.deepEqual(snap.cards.map((c) => c.id).sort((a, b) => a - b), [...open, ...done].map((t) => t.id).sort((a, b) => a - b), `${who} ?${query}`);
    const list = await listTasks(person, f, { take: 5000, skip: 0 });
    assert.deepEqual(list.items.map((t) => t.id).sort((a, b) => a - b), matching.map((t) => t.id).sort((a, b) => a - b), `list ${who} ?${query}`);
    assert.equal(list.total, matching.length);
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
  // The page size is written into the statement: whatever a caller passes, it is a whole number from 0 to 2,000.
  for (const [asked, shown] of [[Number.NaN, 50], [-5, 0], [2.7, 2], [99_999, 2000], [Infinity, 50]] as const) {
    assert.equal((await boardSnapshot(person, parseFilters(new URLSearchParams()), { doneShown: asked })).doneShown, shown, String(asked));
  }
});

test("the API's JSON text of the board is the snapshot the page reads", async () => {
  const now = new Date();
  for (const [who, query] of [["oscar", "doneShown=3"], ["ned", "q=reprocess"]] as const) {
    const person = await actor(who);
    const f = parseFilters(new URLSearchParams(query));
    assert.deepEqual(JSON.parse(await boardSnapshotJson(person, f, { doneShown: 3, now })), await boardSnapshot(person, f, { doneShown: 3, now }), `${who} ?${query}`);
  }
});

test("the task list pages newest change first, with the total on every page and past the last", async () => {
  const person = await actor("oscar");
  const f = parseFilters(new URLSearchParams());
  const all = await listTasks(person, f, { take: 5000, skip: 0 });
  const p1 = await listTasks(person, f, { take: 5, skip: 0 });
  const p2 = await listTasks(person, f, { take: 5, skip: 5 });
  assert.deepEqual([...p1.items, ...p2.items].map((t) => t.id), all.items.slice(0, 10).map((t) => t.id));
  assert.equal(p2.total, all.total);
  const past = await listTasks(person, f, { take: 5, skip: 100_000 });
  assert.deepEqual(past, { items: [], total: all.total, groups: [] });
  for (let i = 1; i < all.items.length; i++) assert.ok(all.items[i - 1].updatedAt >= all.items[i].updatedAt);
  assert.ok(all.items[0].experiment.name && all.items[0].requester.username && !Number.isNaN(Date.parse(all.items[0].createdAt)));
});
