import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { OPEN_STATUSES, TASK_STATUSES } from "./lifecycle";
import { listTasks, type ListOrder } from "./queries";
import { parseTaskListQuery } from "./list-query";
import { taskKey } from "./keys";
import { taskJson } from "./serialize";

const actor = async (u: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username: u } })).id))!;
const list = async (who: string, query: string, take = 5000, skip = 0) => {
  const q = parseTaskListQuery(new URLSearchParams(query));
  return listTasks(await actor(who), q, { take, skip }, q);
};

test("each sort orders the whole list as the column says, ties broken by id", async () => {
  const all = await db.task.findMany({ include: { experiment: true, assignee: true } });
  const prio = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 } as const;
  const cmp = (a: string | number | null, b: string | number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  const keyOf: Record<string, (t: (typeof all)[number]) => string | number | null> = {
    title: (t) => t.title.toLowerCase(),
    priority: (t) => prio[t.priority],
    state: (t) => TASK_STATUSES.indexOf(t.status),
    neededBy: (t) => t.neededBy?.toISOString() ?? null,
    created: (t) => t.createdAt.toISOString(),
  };
  for (const [sort, get] of Object.entries(keyOf)) {
    for (const dir of ["asc", "desc"] as const) {
      const got = await list("oscar", `sort=${sort}&dir=${dir}`);
      const s = dir === "asc" ? 1 : -1;
      const want = [...all].sort((a, b) => {
        const [va, vb] = [get(a), get(b)];
        if (va === null && vb === null) return s * (a.id - b.id);
        if (va === null || vb === null) return va === null ? 1 : -1; // NULLS LAST in both directions
        return s * (cmp(va, vb) || a.id - b.id);
      });
      const ids = got.items.map((t) => t.id);
      assert.equal(ids.length, all.length);
      // Compare the order of the sort keys (equal keys may hold different ids only if the id tie-break is wrong).
      assert.deepEqual(ids, want.map((t) => t.id), `${sort} ${dir}`);
    }
  }
  const byKey = await list("oscar", "sort=key");
  const keys = byKey.items.map((t) => [t.experiment.name, t.number] as const);
  assert.deepEqual(keys, [...keys].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1)));
});

test("grouping orders by the group first and counts each group over the whole filter, not the page", async () => {
  const got = await list("oscar", "group=state&sort=priority", 10);
  assert.equal(got.items.length, 10);
  const counts = Object.fromEntries(got.groups.map((g) => [g.key, g.count]));
  const real = await db.task.groupBy({ by: ["status"], _count: { _all: true } });
  for (const r of real) assert.equal(counts[r.status], r._count._all, r.status);
  assert.equal(got.total, await db.task.count());
  const states = got.items.map((t) => TASK_STATUSES.indexOf(t.status));
  assert.deepEqual(states, [...states].sort((a, b) => a - b));
  const byAssignee = await list("oscar", "group=assignee");
  assert.ok(byAssignee.groups.some((g) => g.key === null), "unassigned tasks form their own group");
  assert.equal(byAssignee.groups.reduce((n, g) => n + g.count, 0), byAssignee.total);
});

test("search finds words by their start in title, description and dataset, keys and numbers; odd input is inert", async () => {
  const t = await db.task.findFirstOrThrow({ where: { inputDataset: { not: "" } }, include: { experiment: true } });
  const word = t.title.split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w))!;
  const byWord = await list("oscar", `q=${encodeURIComponent(word.slice(0, 4))}`);
  assert.ok(byWord.items.some((x) => x.id === t.id), `the prefix ${word.slice(0, 4)} finds "${t.title}"`);
  const byDataset = await list("oscar", `q=${encodeURIComponent(t.inputDataset)}`);
  assert.ok(byDataset.items.some((x) => x.id === t.id), "the whole dataset name finds it");
  // Other tasks whose text holds the experiment's name and the number's digits match the words too.
  await db.task.create({ data: { experimentId: t.experimentId, requesterId: t.requesterId, title: `${t.experiment.name} ${taskKey(t.experiment.name, t.number)} ${taskKey(t.experiment.name, t.number)} look-alike`, kind: "OTHER", description: taskKey(t.experiment.name, t.number) } });
  const byKey = await list("oscar", `q=${taskKey(t.experiment.name, t.number)}`);
  assert.ok(byKey.items.length >= 2);
  assert.equal(byKey.items[0]?.id, t.id, "the key finds the task first");
  const byNumber = await list("oscar", `q=${t.number}`);
  assert.ok(byNumber.items.some((x) => x.id === t.id));

  const marker = `zebrafinch${Date.now()}`;
  const hidden = await db.task.update({ where: { id: t.id }, data: { description: `Notes: ${marker} in the description` } });
  assert.deepEqual((await list("oscar", `q=${marker.slice(0, 8)}`)).items.map((x) => x.id), [hidden.id]);
  for (const odd of ["!!!", "'", "\\", "a' | 'b", "x:*&y", "(((", "%_", "🚀", "' OR 1=1 --"]) {
    const r = await list("oscar", `q=${encodeURIComponent(odd)}`);
    assert.ok(Array.isArray(r.items), odd);
  }
  assert.equal((await list("oscar", "q=!!!")).total, 0, "nothing searchable matches nothing");
});

test("mine, requester, state sets, staleness and the updated window", async () => {
  const noah = await actor("noah");
  const mine = await list("noah", "mine=1");
  assert.ok(mine.total > 0);
  assert.ok(mine.items.every((t) => t.requester.id === noah.id || t.assignee?.id === noah.id));
  const open = await list("oscar", "state=open");
  assert.equal(open.total, await db.task.count({ where: { status: { in: [...OPEN_STATUSES] } } }));
  const closed = await list("oscar", "state=closed");
  assert.equal(open.total + closed.total, await db.task.count());
  const nina = await list("oscar", "requester=nina");
  assert.ok(nina.items.every((t) => t.requester.username === "nina"));
  const old = new Date(Date.now() - 40 * 86_400_000);
  const stale = await db.task.findFirstOrThrow({ where: { status: { in: [...OPEN_STATUSES] } } });
  await db.$executeRaw`UPDATE "Task" SET "updatedAt" = ${old} WHERE id = ${stale.id}`;
  const staleList = await list("oscar", "stale=30");
  assert.ok(staleList.items.some((t) => t.id === stale.id));
  assert.ok(staleList.items.every((t) => new Date(t.updatedAt) < new Date(Date.now() - 30 * 86_400_000) && OPEN_STATUSES.includes(t.status)));
  const day = old.toISOString().slice(0, 10);
  const next = new Date(old.getTime() + 86_400_000).toISOString().slice(0, 10);
  const window = await list("oscar", `updatedFrom=${day}&updatedTo=${next}`);
  assert.ok(window.items.some((t) => t.id === stale.id));
  assert.ok(window.items.every((t) => t.updatedAt.slice(0, 10) === day));
});

test("a member sees only their experiments' tasks and their own requests, in the list, the counts and search", async () => {
  const ned = await actor("ned");
  const seen = await list("ned", "");
  const names = new Set(seen.items.map((t) => t.experiment.name));
  assert.ok([...names].every((n) => n === "nova" || n === "dune") || seen.items.every((t) => ["nova", "dune"].includes(t.experiment.name) || t.requester.id === ned.id));
  const uboone = await db.task.findFirstOrThrow({ where: { experiment: { name: "uboone" }, requesterId: { not: ned.id } }, include: { experiment: true } });
  assert.equal((await list("ned", `q=${taskKey("uboone", uboone.number)}`)).items.some((t) => t.id === uboone.id), false);
  const grouped = await list("ned", "group=experiment");
  assert.equal(grouped.groups.find((g) => g.key === "uboone")?.count ?? 0, await db.task.count({ where: { experiment: { name: "uboone" }, requesterId: ned.id } }));
});

test("a page past the end is empty but still counts; deep pages keep the order of the first", async () => {
  const all = await list("oscar", "sort=title");
  const second = await list("oscar", "sort=title", 7, 7);
  assert.deepEqual(second.items.map((t) => t.id), all.items.slice(7, 14).map((t) => t.id));
  const past = await list("oscar", "sort=title", 50, 100_000);
  assert.equal(past.items.length, 0);
  assert.equal(past.total, all.total);
  const order: ListOrder = { sort: "relevance", dir: "desc", group: "none" };
  assert.ok((await listTasks(await actor("oscar"), {}, { take: 5, skip: 0 }, order)).items.length > 0, "relevance without words falls back to recency");
});

test("the list's rows, built as JSON by PostgreSQL, are the tasks as taskJson writes them from Prisma's rows", async () => {
  const person = { select: { id: true, username: true, name: true } };
  const want = await db.task.findMany({
    select: {
      id: true, number: true, title: true, kind: true, status: true, priority: true, neededBy: true, version: true, boardRank: true,
      statusChangedAt: true, createdAt: true, updatedAt: true, experiment: { select: { name: true, displayName: true } }, requester: person, assignee: person,
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const got = await list("oscar", "sort=created&dir=asc");
  assert.ok(want.some((t) => t.neededBy) && want.some((t) => t.assignee) && want.some((t) => !t.assignee), "the demo has every case");
  assert.deepEqual(got.items, JSON.parse(JSON.stringify(want.map(taskJson))));
});
