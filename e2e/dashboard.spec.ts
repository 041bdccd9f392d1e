import { test, expect, type Page } from "@playwright/test";
import { signIn, count, expectAccessible, setTheme } from "./helpers";

const OPEN = `('REQUESTED','CHANGES_REQUESTED','APPROVED','ASSIGNED','IN_PROGRESS','ON_HOLD')`;
const personId = async (username: string) => count(`SELECT id AS n FROM "Person" WHERE username = $1`, [username]);
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** The figure's number and where its link leads. */
async function expectFigure(page: Page, testId: string, value: number, href: string) {
  await expect(page.getByTestId(testId)).toHaveText(String(value));
  await expect(page.getByTestId(`${testId}-link`)).toHaveAttribute("href", href);
}

test.describe("dashboard per role", () => {
  test("dashboard: an experimenter sees open requests apart from finished ones; every figure and row is a link", async ({ page }) => {
    await signIn(page, "ned");
    const ned = await personId("ned");
    const open = await count(`SELECT count(*) AS n FROM "Task" WHERE "requesterId" = $1 AND status IN ${OPEN}`, [ned]);
    const finished = await count(`SELECT count(*) AS n FROM "Task" WHERE "requesterId" = $1 AND status IN ('DONE','REJECTED','CANCELLED')`, [ned]);
    const changes = await count(`SELECT count(*) AS n FROM "Task" WHERE "requesterId" = $1 AND status = 'CHANGES_REQUESTED'`, [ned]);
    expect(open).toBeGreaterThan(0);
    await expectFigure(page, "stat-open-requests", open, "/tasks?requester=ned&state=open");
    await expectFigure(page, "stat-finished-requests", finished, "/tasks?requester=ned&state=closed");
    await expectFigure(page, "stat-changes-requested", changes, "/tasks?requester=ned&state=CHANGES_REQUESTED");
    // Open rows show open states only, finished rows finished ones; each row leads to its task.
    const openRows = page.getByTestId("rows-my-open").getByTestId("task-row");
    await expect(openRows).toHaveCount(Math.min(open, 6));
    for (const row of await openRows.all()) {
      await expect(row).toHaveAttribute("href", /^\/tasks\/(NOVA|DUNE)-\d+$/);
      await expect(row).not.toContainText(/Done|Rejected|Cancelled/);
    }
    for (const row of await page.getByTestId("rows-my-finished").getByTestId("task-row").all()) await expect(row).toContainText(/Done|Rejected|Cancelled/);
    await expect(page.getByRole("link", { name: "Request a task" })).toBeVisible();
    await expect(page.getByTestId("overview")).toHaveCount(0);
    await expect(page.getByTestId("section-operations")).toHaveCount(0);
    await expect(page.getByTestId("section-coordination")).toHaveCount(0);
    // A row opens the task.
    const first = openRows.first();
    const href = (await first.getAttribute("href"))!;
    await first.click();
    await page.waitForURL((u) => u.pathname === href);
  });

  test("dashboard: a coordinator sees the requests awaiting a decision and their experiment's open work by state", async ({ page }) => {
    await signIn(page, "nina");
    const waiting = await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = 'REQUESTED'`);
    await expectFigure(page, "stat-awaiting-approval", waiting, "/tasks?experiment=nova&state=REQUESTED&sort=created&dir=asc");
    const queue = page.getByTestId("rows-awaiting-decision").getByTestId("task-row");
    await expect(queue).toHaveCount(Math.min(waiting, 6));
    for (const row of await queue.all()) await expect(row).toHaveAttribute("href", /^\/tasks\/NOVA-\d+$/);
    const nova = page.getByTestId("open-work-nova");
    for (const state of ["REQUESTED", "IN_PROGRESS", "ON_HOLD"]) {
      const n = await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = $1`, [state]);
      await expect(nova.getByTestId(`state-${state}`)).toHaveAttribute("href", `/tasks?experiment=nova&state=${state}`);
      await expect(nova.getByTestId(`state-${state}`)).toContainText(new RegExp(`\\b${n}$`));
    }
    const overdue = await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status IN ${OPEN} AND t."neededBy" < ${TODAY}`);
    await expect(nova.getByTestId("state-overdue")).toHaveAttribute("href", "/tasks?experiment=nova&overdue=1");
    await expect(nova.getByTestId("state-overdue")).toContainText(new RegExp(`\\b${overdue}$`));
    await expect(page.getByTestId("open-work-dune")).toHaveCount(0); // not hers
    await expect(page.getByTestId("stat-assigned")).toHaveCount(0);
    await expect(page.getByTestId("overview")).toHaveCount(0);
  });

  test("dashboard: an OPOS operator sees work assigned to them, approved work nobody has, and work in progress", async ({ page }) => {
    await signIn(page, "oscar");
    const oscar = await personId("oscar");
    const assigned = await count(`SELECT count(*) AS n FROM "Task" WHERE "assigneeId" = $1 AND status IN ('ASSIGNED','IN_PROGRESS','ON_HOLD')`, [oscar]);
    await expectFigure(page, "stat-assigned", assigned, "/tasks?assignee=oscar&state=ASSIGNED,IN_PROGRESS,ON_HOLD&sort=priority");
    await expectFigure(page, "stat-unassigned", await count(`SELECT count(*) AS n FROM "Task" WHERE status = 'APPROVED' AND "assigneeId" IS NULL`), "/tasks?assignee=none&state=APPROVED&sort=priority");
    await expectFigure(page, "stat-wip-in-progress", await count(`SELECT count(*) AS n FROM "Task" WHERE status = 'IN_PROGRESS'`), "/tasks?state=IN_PROGRESS");
    await expectFigure(page, "stat-wip-on-hold", await count(`SELECT count(*) AS n FROM "Task" WHERE status = 'ON_HOLD'`), "/tasks?state=ON_HOLD");
    await expect(page.getByTestId("rows-unassigned").getByTestId("task-row").first()).toHaveAttribute("href", /^\/tasks\/[A-Z]+-\d+$/);
    await expect(page.getByTestId("rows-unassigned")).not.toContainText(/In progress|Done/);
    await expect(page.getByRole("link", { name: "Request a task" })).toHaveCount(0); // a member of no experiment
    await expect(page.getByTestId("stat-awaiting-approval")).toHaveCount(0);
    await expect(page.getByTestId("overview")).toHaveCount(0);
  });

  test("dashboard: a manager sees the overview across experiments with charts, figures that link, and no request button", async ({ page }) => {
    await signIn(page, "maria");
    await expect(page.getByRole("link", { name: "Request a task" })).toHaveCount(0);
    await expect(page.getByTestId("section-my-requests")).toHaveCount(0);
    const overview = page.getByTestId("overview");
    await expectFigure(page, "stat-overview-open", await count(`SELECT count(*) AS n FROM "Task" WHERE status IN ${OPEN}`), "/tasks?state=open");
    await expectFigure(page, "stat-overview-overdue", await count(`SELECT count(*) AS n FROM "Task" WHERE status IN ${OPEN} AND "neededBy" < ${TODAY}`), "/tasks?overdue=1");
    const stale = await count(`SELECT count(*) AS n FROM "Task" WHERE status IN ${OPEN} AND "updatedAt" < (now() AT TIME ZONE 'UTC') - interval '14 days'`);
    expect(stale, "the demo data has work nobody touched for two weeks").toBeGreaterThan(0);
    await expectFigure(page, "stat-overview-stale", stale, "/tasks?state=open&stale=14");
    // Three charts, each a picture with a spoken summary, drawn with bars.
    for (const [chart, words] of [["chart-open-work", /NOvA: \d+ open/], ["chart-throughput", /Work finished per week over the last 12 weeks: \d+ in all/], ["chart-ageing", /Under 1 week: \d+/]] as const) {
      await expect(overview.getByTestId(chart)).toHaveAttribute("role", "img");
      await expect(overview.getByTestId(chart)).toHaveAttribute("aria-label", words);
      await expect(overview.getByTestId(chart).locator(".recharts-bar-rectangle").first()).toBeVisible();
    }
    const weeksWithWork = await count(`SELECT count(DISTINCT date_trunc('week', "updatedAt")) AS n FROM "Task" WHERE status = 'DONE' AND "updatedAt" >= date_trunc('week', now() AT TIME ZONE 'UTC') - interval '11 weeks'`);
    expect(weeksWithWork, "the demo history spreads finished work over several weeks").toBeGreaterThan(4);
    // The table alternative: every figure a link to the filtered list.
    await overview.getByText("Show the figures as a table").first().click();
    const table = overview.getByTestId("table-open-work");
    const nova = await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = 'IN_PROGRESS'`);
    await expect(table.locator(`a[href="/tasks?experiment=nova&state=IN_PROGRESS"]`)).toHaveText(String(nova));
    // A bar leads to its list.
    await overview.getByTestId("chart-open-work").locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect").first().click();
    await page.waitForURL((u) => u.pathname === "/tasks" && u.searchParams.has("experiment") && u.searchParams.has("state"));
    // The throughput table's weeks lead to the work done in them.
    await page.goBack();
    await page.getByTestId("overview").getByText("Show the figures as a table").nth(1).click();
    await expect(page.getByTestId("table-throughput").getByRole("link").last()).toHaveAttribute("href", /^\/tasks\?state=DONE&updatedFrom=\d{4}-\d\d-\d\d&updatedTo=\d{4}-\d\d-\d\d$/);
  });

  test("dashboard: an administrator sees the overview; the service health stays for everyone", async ({ page }) => {
    await signIn(page, "ada");
    await expect(page.getByTestId("overview")).toBeVisible();
    const bad = await count(`SELECT count(*) AS n FROM "Service" WHERE kind <> 'GROUP' AND status = 'BAD'`);
    await expect(page.getByTestId("health-bad")).toHaveText(String(bad));
    await expect(page.getByRole("link", { name: "All services" })).toHaveAttribute("href", "/services");
  });
});

for (const theme of ["light", "dark"] as const) {
  test(`dashboard: accessible (axe) for every role in the ${theme} theme, tables open`, async ({ page, context }) => {
    for (const who of ["maria", "nina", "oscar", "ned"]) {
      await context.clearCookies();
      await setTheme(context, theme);
      await signIn(page, who);
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark)/);
      for (const d of await page.locator("details").all()) await d.evaluate((el) => el.setAttribute("open", ""));
      if (who === "maria") await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
      await expectAccessible(page);
    }
  });
}

test("dashboard: no sideways scroll on a phone (390 px) for any role", async ({ page, context }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const who of ["maria", "nina", "oscar", "ned", "ada"]) {
    await context.clearCookies();
    await signIn(page, who);
    await expect(page.getByTestId("section-services")).toBeVisible();
    if (who === "maria" || who === "ada") await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    // Name what sticks out, so a failure says where to look.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > 391 && el.closest("details:not([open])") === null)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.getAttribute("data-testid") ?? ""} (${Math.round(el.getBoundingClientRect().right)})`),
    );
    expect(width, `${who}: page width; too wide: ${wide.join(" | ")}`).toBeLessThanOrEqual(390);
  }
});
