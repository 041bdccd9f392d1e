import { test, expect } from "@playwright/test";
import { signIn, count, expectAccessible, setTheme } from "./helpers";

const personId = async (username: string) => count(`SELECT id AS n FROM "Person" WHERE username = $1`, [username]);

test.describe("dashboards of three different people", () => {
  test("a coordinator sees the approvals waiting in the experiment they coordinate", async ({ page }) => {
    await signIn(page, "nina");
    await expect(page.getByTestId("signed-in-person")).toContainText("Nina Kowalski");
    await expect(page.getByTestId("signed-in-person")).toContainText("NOvA coordinator");
    const waiting = await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = 'REQUESTED'`);
    expect(waiting).toBeGreaterThan(0);
    await expect(page.getByTestId("stat-awaiting-approval")).toHaveText(String(waiting));
    await expect(page.getByTestId("stat-assigned")).toHaveCount(0);
  });

  test("an OPOS operator sees the work assigned to them and no approval queue", async ({ page }) => {
    await signIn(page, "oscar");
    await expect(page.getByTestId("signed-in-person")).toContainText("OPOS operator");
    const assigned = await count(`SELECT count(*) AS n FROM "Task" WHERE "assigneeId" = $1 AND status IN ('ASSIGNED','IN_PROGRESS','ON_HOLD')`, [await personId("oscar")]);
    await expect(page.getByTestId("stat-assigned")).toHaveText(String(assigned));
    await expect(page.getByTestId("stat-awaiting-approval")).toHaveCount(0);
  });

  test("an experimenter sees their own open requests and the service health summary", async ({ page }) => {
    await signIn(page, "ned");
    const open = await count(
      `SELECT count(*) AS n FROM "Task" WHERE "requesterId" = $1 AND status IN ('REQUESTED','CHANGES_REQUESTED','APPROVED','ASSIGNED','IN_PROGRESS','ON_HOLD')`,
      [await personId("ned")],
    );
    await expect(page.getByTestId("stat-open-requests")).toHaveText(String(open));
    await expect(page.getByTestId("stat-awaiting-approval")).toHaveCount(0);
    const bad = await count(`SELECT count(*) AS n FROM "Service" WHERE kind <> 'GROUP' AND status = 'BAD'`);
    await expect(page.getByTestId("health-bad")).toHaveText(String(bad));
  });
});

test.describe("memberships", () => {
  test("someone without the role is refused in the UI and by the API", async ({ page }) => {
    await signIn(page, "noah"); // NOvA production, not coordinator
    await page.goto("/people?experiment=nova");
    await expect(page.getByText("Only the experiment's coordinator can change memberships.")).toBeVisible();
    await expect(page.getByRole("button", { name: /Deactivate/ })).toHaveCount(0);
    const nora = await count(`SELECT m.id AS n FROM "Membership" m JOIN "Person" p ON p.id = m."personId" WHERE p.username = 'nora'`);
    const res = await page.request.patch(`/api/v1/memberships/${nora}`, { data: { role: "COORDINATOR" } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
    // A coordinator of another experiment is refused too.
    await page.context().clearCookies();
    await signIn(page, "dana");
    const cross = await page.request.patch(`/api/v1/memberships/${nora}`, { data: { active: false } });
    expect(cross.status()).toBe(403);
    expect(await count(`SELECT count(*) AS n FROM "Membership" WHERE id = $1 AND role = 'ANALYSIS' AND active`, [nora])).toBe(1);
  });

  test("the coordinator changes a role on the People page and it persists after reload", async ({ page }) => {
    await signIn(page, "nina");
    await page.getByRole("link", { name: "People" }).click();
    const row = page.getByTestId("member-nora");
    await expect(row.getByTestId("member-role")).toHaveText("Analysis");
    await row.getByLabel("Role of Nora Lindqvist").selectOption("PRODUCTION_SHIFTER");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByRole("status")).toHaveText(/Saved/);
    await page.reload();
    await expect(page.getByTestId("member-nora").getByTestId("member-role")).toHaveText("Production shifter");
    expect(await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'membership.role_changed' AND "actorId" = $1`, [await personId("nina")])).toBeGreaterThan(0);
  });

  test("adding a member: an unknown person is explained and the input kept; a known one is added and the form cleared", async ({ page }) => {
    await signIn(page, "sam"); // SBND coordinator
    await page.goto("/people?experiment=sbnd");
    await page.getByLabel("Username or email").fill("no-such-person");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.locator("#add-member-status")).toHaveText(/Nobody is registered as "no-such-person"/);
    await expect(page.getByLabel("Username or email")).toHaveValue("no-such-person");
    await page.getByLabel("Username or email").fill("diego@example.org");
    await page.locator("#add-role").selectOption("PRODUCTION_SHIFTER");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.locator("#add-member-status")).toHaveText("Added as production shifter.");
    await expect(page.getByLabel("Username or email")).toHaveValue("");
    await expect(page.getByTestId("member-diego").getByTestId("member-role")).toHaveText("Production shifter");
  });

  test("bad API input gets a clear 4xx, never a 500", async ({ page }) => {
    await signIn(page, "nina");
    const bad = await page.request.post("/api/v1/experiments/nova/memberships", { data: { person: "", role: "EMPEROR" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toMatch(/Choose a role/);
    const notJson = await page.request.post("/api/v1/experiments/nova/memberships", { headers: { "content-type": "application/json" }, data: "{not json" });
    expect(notJson.status()).toBe(400);
    expect((await page.request.get("/api/v1/experiments/no-such-exp/memberships")).status()).toBe(404);
    expect((await page.request.get("/api/v1/experiments/%3Cscript%3E/memberships")).status()).toBe(404);
    expect((await page.request.patch("/api/v1/memberships/999999", { data: { active: false } })).status()).toBe(404);
  });
});

test.describe("sign-in is the guard everywhere", () => {
  test("pages redirect to sign-in and APIs answer 401 without a session, whatever the URL form", async ({ request }) => {
    for (const path of ["/", "/people", "/board", "/people?_rsc=1"]) {
      const r = await request.get(path, { maxRedirects: 0 });
      expect([307, 308]).toContain(r.status());
      expect(r.headers()["location"]).toContain("/signin");
    }
    const bypass = await request.get("/api/v1/experiments/nova/memberships", { headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" } });
    expect(bypass.status()).toBe(401);
    const rsc = await request.get("/people", { headers: { RSC: "1", "Next-Router-Prefetch": "1" }, maxRedirects: 0 });
    expect(rsc.status()).not.toBe(200);
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" }); // anonymous: ok / not ok, nothing more
  });
});

for (const theme of ["light", "dark"] as const) {
  test(`every page is accessible (axe) in the ${theme} theme`, async ({ page, context }) => {
    await setTheme(context, theme);
    await page.goto("/signin");
    await expectAccessible(page);
    await signIn(page, "nina");
    for (const path of ["/", "/tasks", "/tasks/new", "/tasks/1", "/board", "/notifications", "/campaigns", "/services", "/people"]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark)/);
      await expectAccessible(page);
    }
  });
}
