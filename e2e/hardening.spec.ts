import { spawn } from "node:child_process";
import net from "node:net";
import { test, expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { signIn, count, query, BASE_URL } from "./helpers";

const BIG = "2147483648";

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

test.describe("bad input is a clear 4xx and changes nothing", () => {
  test("ids beyond their column, negative, 1e3 and 01 in paths and bodies", async ({ page }) => {
    await signIn(page, "oscar");
    const r = page.request;
    const tasksBefore = await count(`SELECT count(*) AS n FROM "Task"`);
    for (const id of [BIG, "-1", "1e3", "01", "99999999999999999999", "0"]) {
      expect((await r.get(`/api/v1/tasks/${id}`)).status(), `GET ${id}`).toBe(404);
      expect((await r.patch(`/api/v1/tasks/${id}`, { data: { title: "x" } })).status()).toBe(404);
      expect((await r.post(`/api/v1/tasks/${id}/transitions`, { data: { to: "APPROVED" } })).status()).toBe(404);
      expect((await r.post(`/api/v1/tasks/${id}/assign`, { data: { assignee: null } })).status()).toBe(404);
      expect((await r.post(`/api/v1/tasks/${id}/comments`, { data: { body: "x" } })).status()).toBe(404);
      expect((await r.patch(`/api/v1/memberships/${id}`, { data: { active: true } })).status()).toBe(404);
      expect((await page.goto(`/tasks/${id}`))?.status(), `page /tasks/${id}`).toBe(404);
    }
    // Malformed percent-escapes name nothing (Next.js itself answers these with a 500 unless the proxy stops them).
    for (const bad of ["%zz", "%", "%C0%AF", "%ED%A0%80"]) {
      expect((await r.patch(`/api/v1/tasks/${bad}`, { data: { title: "x" } })).status(), `PATCH ${bad}`).toBe(404);
      expect((await r.post(`/api/v1/experiments/${bad}/memberships`, { data: { person: "x", role: "ANALYSIS" } })).status()).toBe(404);
      expect((await r.patch(`/api/v1/memberships/${bad}`, { data: { active: true } })).status()).toBe(404);
      expect((await page.goto(`/tasks/${bad}`))?.status(), `page /tasks/${bad}`).toBe(404);
    }
    for (const taskId of [2147483648, -1, 0, 1.5, "1"]) {
      const res = await r.post("/api/v1/board/moves", { data: { taskId, to: "ASSIGNED", version: 1 } });
      expect(res.status(), `move ${taskId}`).toBe(400);
      expect((await res.json()).error.message).toMatch(/taskId/);
    }
    expect((await r.post("/api/v1/notifications", { data: { ids: [2147483648] } })).status()).toBe(400);
    expect((await r.post("/api/v1/board/bulk", { data: { cards: [{ taskId: 2147483648, version: 1 }], action: { kind: "move", to: "ASSIGNED" } } })).status()).toBe(400);
    expect(await count(`SELECT count(*) AS n FROM "Task"`)).toBe(tasksBefore);
  });

  test("NUL bytes, lone surrogates and bidi overrides are cleaned or refused, never a 500", async ({ page }) => {
    await signIn(page, "oscar");
    const r = page.request;
    expect((await r.get("/api/v1/tasks?q=%00")).status()).toBe(200);
    expect((await r.get("/api/v1/board?q=%00")).status()).toBe(200);
    expect((await page.goto("/board?q=%00"))?.status()).toBe(200);
    const [task] = await query<{ id: number; version: number }>(`SELECT id, version FROM "Task" WHERE status = 'APPROVED' ORDER BY id LIMIT 1`);
    expect((await r.post(`/api/v1/tasks/${task.id}/assign`, { data: { assignee: "\u0000" } })).status()).toBe(400);
    expect((await r.put("/api/v1/wip-limits", { data: { status: "ASSIGNED", assignee: "\u0000", softLimit: null, hardLimit: null } })).status()).toBe(400);
    const move = await r.post("/api/v1/board/moves", { data: { taskId: task.id, to: "ON_HOLD", version: 999_999, reason: "a\u0000b\ud800" } });
    expect(move.status()).toBe(409); // the reason was cleaned; the stale version is what refuses it
    await page.context().clearCookies();
    await signIn(page, "nina");
    expect((await page.request.post("/api/v1/experiments/nova/memberships", { data: { person: "\u0000", role: "ANALYSIS" } })).status()).toBe(400);
    await page.context().clearCookies();
    await signIn(page, "ned");
    const created = await page.request.post("/api/v1/tasks", { data: { experiment: "nova", title: "Surrogates \ud800 and \u202eevil", kind: "OTHER", description: "a\u0000b" } });
    expect(created.status()).toBe(201);
    const { task: t } = await created.json();
    expect(t.title).toBe("Surrogates \ufffd and evil");
    expect(t.description).toBe("ab");
    expect((await page.request.patch(`/api/v1/tasks/${t.id}`, { data: { description: "\ud800" } })).status()).toBe(200);
  });

  test("unknown fields are refused by name, so nobody believes they were applied", async ({ page }) => {
    await signIn(page, "ned");
    const before = await count(`SELECT count(*) AS n FROM "Task"`);
    for (const extra of [{ status: "APPROVED" }, { approvedById: 1 }, { id: 5 }, { version: 3 }]) {
      const res = await page.request.post("/api/v1/tasks", { data: { experiment: "nova", title: "Extra", kind: "OTHER", ...extra } });
      expect(res.status()).toBe(400);
      expect((await res.json()).error.message).toContain(`Unknown field "${Object.keys(extra)[0]}"`);
    }
    expect(await count(`SELECT count(*) AS n FROM "Task"`)).toBe(before);
  });

  test("server actions answer bad input with the field's message", async ({ page }) => {
    await signIn(page, "nina");
    await page.goto("/people?experiment=nova");
    await page.getByLabel("Username or email").fill("\u0000");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByText(/username or email is required/i)).toBeVisible();
    await expect(page.getByText("Something went wrong")).toHaveCount(0);
  });
});

test("a person removed from an experiment can no longer change, comment on or withdraw its requests, even with an old session", async ({ page, browser }) => {
  await signIn(page, "ursula");
  const mine = await page.request.post("/api/v1/tasks", { data: { experiment: "uboone", title: "Before removal", kind: "OTHER" } });
  expect(mine.status()).toBe(201);
  const { task } = await mine.json();
  const oldSession = await page.context().storageState();

  const coordinator = await browser.newPage();
  await signIn(coordinator, "uma");
  const [membership] = await query<{ id: number }>(`SELECT m.id FROM "Membership" m JOIN "Person" p ON p.id = m."personId" JOIN "Experiment" e ON e.id = m."experimentId" WHERE p.username = 'ursula' AND e.name = 'uboone'`);
  expect((await coordinator.request.patch(`/api/v1/memberships/${membership.id}`, { data: { active: false } })).status()).toBe(200);

  const replay: APIRequestContext = await playwrightRequest.newContext({ baseURL: BASE_URL, storageState: oldSession });
  try {
    const edit = await replay.patch(`/api/v1/tasks/${task.id}`, { data: { title: "After removal" } });
    expect(edit.status()).toBe(403);
    expect((await edit.json()).error.message).toMatch(/no longer a member/);
    expect((await replay.post(`/api/v1/tasks/${task.id}/comments`, { data: { body: "still here?" } })).status()).toBe(403);
    expect((await replay.post(`/api/v1/tasks/${task.id}/transitions`, { data: { to: "CANCELLED", reason: "withdrawn" } })).status()).toBe(403);
    expect((await replay.post("/api/v1/tasks", { data: { experiment: "uboone", title: "New after removal", kind: "OTHER" } })).status()).toBe(403);
    const [row] = await query<{ title: string; status: string }>(`SELECT title, status FROM "Task" WHERE id = $1`, [task.id]);
    expect(row).toEqual({ title: "Before removal", status: "REQUESTED" });
  } finally {
    await replay.dispose();
    await coordinator.request.patch(`/api/v1/memberships/${membership.id}`, { data: { active: true } });
    await coordinator.close();
  }
});

test("security headers on every page; the health check tells anonymous callers only ok", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ["/signin"]) {
    const res = await request.get(path);
    const csp = res.headers()["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers()["permissions-policy"]).toContain("camera=()");
    expect(res.headers()["strict-transport-security"]).toBeUndefined(); // plain HTTP here
  }
  const overHttps = await request.get("/signin", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toContain("max-age=");
  const a = (await request.get("/signin")).headers()["content-security-policy"];
  const b = (await request.get("/signin")).headers()["content-security-policy"];
  expect(a).not.toBe(b); // a fresh nonce per view
  // The app works under its own policy: sign in, use the board and a task page with no violation.
  await signIn(page, "oscar");
  await page.goto("/board");
  await expect(page.getByTestId("column-ASSIGNED")).toBeVisible();
  await page.goto("/tasks/1");
  expect(violations).toEqual([]);
  expect(await (await request.get("/api/health")).json()).toEqual({ status: "ok" });
});

test("the cron route needs its bearer secret and records a run", async ({ request }) => {
  expect((await request.post("/api/cron/refresh")).status()).toBe(401);
  expect((await request.post("/api/cron/refresh", { headers: { authorization: "Bearer wrong" } })).status()).toBe(401);
  const before = await count(`SELECT count(*) AS n FROM "RefreshRun" WHERE job = 'refresh'`);
  const res = await request.post("/api/cron/refresh", { headers: { authorization: `Bearer ${process.env.POMS_CRON_SECRET}` } });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe("OK");
  expect(body.steps.map((s: { step: string }) => s.step)).toContain("expire-notifications");
  expect(await count(`SELECT count(*) AS n FROM "RefreshRun" WHERE job = 'refresh' AND status = 'OK'`)).toBe(before + 1);
  expect(body.steps.map((s: { step: string }) => s.step)).toEqual(["services", "batch-status", "outputs", "locate", "stale-new", "wrap-up", "schedules", "drain-held-launches", "forecasts", "expire-notifications"]);

  // While another instance holds the run (its advisory lock), a call answers 200 "skipped" and records nothing.
  const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  try {
    await other.query(`SELECT pg_advisory_lock(7041002, hashtext('refresh'))`);
    const runs = await count(`SELECT count(*) AS n FROM "RefreshRun"`);
    const skipped = await request.post("/api/cron/refresh", { headers: { authorization: `Bearer ${process.env.POMS_CRON_SECRET}` } });
    expect(skipped.status()).toBe(200);
    expect(await skipped.json()).toMatchObject({ ran: false, skipped: "already running" });
    expect(await count(`SELECT count(*) AS n FROM "RefreshRun"`)).toBe(runs);
  } finally {
    await other.end();
  }
});

test("in production a NEXTAUTH_SECRET shorter than 32 characters refuses to start, with a message", async () => {
  const port = String(await freePort());
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], {
    env: { ...process.env, NODE_ENV: "production", NEXTAUTH_SECRET: "too-short", PORT: port },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 30_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code, output).not.toBe(0);
  expect(code, "it must stop by itself").not.toBeNull();
  expect(output).toMatch(/NEXTAUTH_SECRET is 9 characters; production needs at least 32/);
});
