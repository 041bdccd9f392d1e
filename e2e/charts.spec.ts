/**
 * Managers' charts (issue 11, item 7): a manager opens the portfolio, sorts by forecast, opens a campaign that will
 * miss its task's date and sees the burn-up, the forecast's band and the incident that explains its stall; the table
 * alternative holds the API's numbers; axe is clean in both themes. The late campaign is this spec's own (inserted
 * below as the refresh would have left it: 30 days of rollups with a three-day stall during a storage incident, a
 * forecast past its task's needed-by date), so the assertions do not depend on the demo's random history.
 */
import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, query, setTheme, signIn } from "./helpers";

const NAME = `charts_e2e_late_${Date.now()}`;
const INCIDENT = "Tape robot stuck: reads wait";
let campaignId = 0;
let serviceId = 0;

test.beforeAll(async () => {
  const [nova] = await query<{ id: number }>(`SELECT id FROM "Experiment" WHERE name = 'nova'`);
  const [noah] = await query<{ id: number }>(`SELECT id FROM "Person" WHERE username = 'noah'`);
  const [nina] = await query<{ id: number }>(`SELECT id FROM "Person" WHERE username = 'nina'`);
  [{ id: campaignId }] = await query<{ id: number }>(
    `INSERT INTO "Campaign" ("experimentId", name, "creatorId", "creatorRole", "updatedAt") VALUES ($1, $2, $3, 'PRODUCTION', now()) RETURNING id`,
    [nova.id, NAME, noah.id],
  );
  const [stage] = await query<{ id: number }>(
    `INSERT INTO "CampaignStage" ("campaignId", name, "jobTypeId", "loginSetupId", "updatedAt")
     SELECT $1, 'reco', (SELECT id FROM "JobType" WHERE "experimentId" = $2 ORDER BY id LIMIT 1), (SELECT id FROM "LoginSetup" WHERE "experimentId" = $2 ORDER BY id LIMIT 1), now()
     RETURNING id`,
    [campaignId, nova.id],
  );
  // 30 days of 10 files an hour, except a stall from 10 to 7 days ago; job states sampled every hour.
  await query(
    `INSERT INTO "StageHourRollup" ("stageId", hour, "campaignId", "experimentId", "filesDone", "jobsCompleted", "jobsFailed", "sampleIdle", "sampleRunning", "sampleHeld", "sampledAt")
     SELECT $1, h, $2, $3, s.files, s.files, CASE WHEN s.files = 0 THEN 0 ELSE 1 END, CASE WHEN s.files = 0 THEN 40 ELSE 5 END, CASE WHEN s.files = 0 THEN 0 ELSE 20 END, CASE WHEN s.files = 0 THEN 12 ELSE 0 END, h
       FROM generate_series(date_trunc('hour', now() at time zone 'UTC') - interval '30 days', date_trunc('hour', now() at time zone 'UTC'), interval '1 hour') h
       JOIN LATERAL (SELECT CASE WHEN h >= now() at time zone 'UTC' - interval '10 days' AND h < now() at time zone 'UTC' - interval '7 days' THEN 0 ELSE 10 END AS files) s ON true`,
    [stage.id, campaignId, nova.id],
  );
  await query(
    `INSERT INTO "FailureRollup" ("stageId", hour, "exitCode", "campaignId", "experimentId", jobs) VALUES ($1, date_trunc('hour', now() at time zone 'UTC') - interval '2 days', 137, $2, $3, 6)`,
    [stage.id, campaignId, nova.id],
  );
  await query(
    `INSERT INTO "EfficiencyRollup" ("stageId", day, bucket, "campaignId", jobs) VALUES ($1, date_trunc('day', now() at time zone 'UTC'), 8, $2, 30), ($1, date_trunc('day', now() at time zone 'UTC'), 2, $2, 4)`,
    [stage.id, campaignId],
  );
  [{ id: serviceId }] = await query<{ id: number }>(`INSERT INTO "Service" (name, "displayName", kind) VALUES ($1, 'Tape library (e2e)', 'TAPE') RETURNING id`, [`tape-e2e-${Date.now()}`]);
  await query(`INSERT INTO "StageService" ("stageId", "serviceId") VALUES ($1, $2)`, [stage.id, serviceId]);
  const [incident] = await query<{ id: number }>(
    `INSERT INTO "Incident" (title, status, impact, "startedAt", "resolvedAt") VALUES ($1, 'RESOLVED', 'MAJOR', now() at time zone 'UTC' - interval '10 days', now() at time zone 'UTC' - interval '7 days') RETURNING id`,
    [INCIDENT],
  );
  await query(`INSERT INTO "IncidentService" ("incidentId", "serviceId") VALUES ($1, $2)`, [incident.id, serviceId]);
  const [{ done }] = await query<{ done: number }>(`SELECT sum("filesDone")::int AS done FROM "StageHourRollup" WHERE "campaignId" = $1`, [campaignId]);
  await query(
    `INSERT INTO "CampaignForecast" ("campaignId", state, "filesTotal", "filesDone", "medianAt", "lowAt", "highAt", "dailyRate", erratic, method, "computedAt")
     VALUES ($1, 'ON_TRACK', $2, $3, now() at time zone 'UTC' + interval '20 days', now() at time zone 'UTC' + interval '16 days', now() at time zone 'UTC' + interval '27 days', 240, true, '{"windowDays": 14, "trials": 2000, "seed": 1}', now() at time zone 'UTC')`,
    [campaignId, done + 4800, done],
  );
  const [task] = await query<{ id: number }>(
    `INSERT INTO "Task" ("experimentId", title, kind, "requesterId", status, "neededBy", "updatedAt") VALUES ($1, 'Reprocess for the winter conference', 'REPROCESSING', $2, 'IN_PROGRESS', (now() at time zone 'UTC' + interval '5 days')::date, now()) RETURNING id`,
    [nova.id, nina.id],
  );
  await query(`INSERT INTO "TaskCampaign" ("taskId", "campaignId") VALUES ($1, $2)`, [task.id, campaignId]);
});

const openAllTables = async (page: Page) => {
  for (const d of await page.locator("details").all()) await d.evaluate((el) => el.setAttribute("open", ""));
};

test("charts: a manager sorts the portfolio by forecast, opens a late campaign and sees the burn-up, the band and the incident; the table holds the API's numbers", async ({ page }) => {
  await signIn(page, "maria");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
  await expect(page.getByRole("heading", { name: "Portfolio", level: 1 })).toBeVisible();
  // By default, the campaigns that will miss their date come first.
  await expect(page.getByTestId("portfolio-row").first()).toHaveAttribute("data-health", "late");

  await page.getByTestId("sort-forecast").click();
  await expect(page).toHaveURL(/sort=forecast/);
  await expect(page.getByRole("columnheader", { name: /Forecast/ })).toHaveAttribute("aria-sort", "ascending");
  // Forecast dates ascend down the page (rows without a forecast last), as the API orders them.
  const api = await (await page.request.get("/api/v1/portfolio?sort=forecast")).json();
  const shown = await page.getByTestId("portfolio-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-campaign")));
  expect(shown).toEqual(api.rows.map((r: { name: string }) => r.name));
  const medians = api.rows.map((r: { medianAt: number | null }) => r.medianAt).filter((m: number | null) => m !== null);
  expect(medians).toEqual([...medians].sort((a, b) => a - b));

  const row = page.locator(`[data-testid="portfolio-row"][data-campaign="${NAME}"]`);
  await expect(row).toHaveAttribute("data-health", "late");
  await expect(row.getByTestId("health")).toHaveText(/Will miss its date/);
  await row.getByRole("link", { name: NAME }).click();
  await expect(page.getByTestId("campaign-name")).toHaveText(NAME);

  await page.getByTestId("window-30d").click();
  await expect(page).toHaveURL(/window=30d/);
  await expect(page.getByTestId("window-30d")).toHaveAttribute("aria-current", "true");
  const burnUp = page.getByTestId("burnup-chart");
  await expect(burnUp.locator(".recharts-line").first()).toBeVisible();
  await expect(burnUp.locator(".recharts-area")).toHaveCount(1); // the 85 % band
  await expect(burnUp.getByText("Forecast: 85 % band")).toBeVisible();
  await expect(burnUp.locator(".recharts-reference-area").first()).toBeVisible(); // the incident shaded
  await expect(page.getByTestId("forecast-summary")).toContainText("85 % between");
  await expect(page.getByTestId("forecast-method")).toContainText("possible futures");
  const incident = page.getByTestId("incident").filter({ hasText: INCIDENT });
  await expect(incident).toBeVisible();
  await expect(incident.getByRole("link", { name: "Tape library (e2e)" })).toHaveAttribute("href", `/services/${serviceId}`);

  // The table alternative has the chart's numbers: the same as the API's.
  await page.locator('figure[aria-labelledby="chart-burnup-title"] summary').click();
  const cells = await page.getByTestId("burnup-done").allTextContents();
  const charts = await (await page.request.get(`/api/v1/campaigns/${campaignId}/charts?window=30d`)).json();
  expect(cells.map(Number)).toEqual(charts.burnUp.done);
  expect(cells).toHaveLength(30);
  // The stall: ten files an hour, then three days without, while the incident lasted.
  const perDay = charts.burnUp.done.map((v: number, i: number) => v - (i ? charts.burnUp.done[i - 1] : 0));
  expect(perDay.slice(-25, -22).filter((d: number) => d === 240).length).toBeGreaterThan(0);
  expect(perDay.slice(-10, -7)).toContain(0);

  // Keyboard-reachable points (recharts' accessibility layer): Tab reaches the chart, arrows move between points.
  const surface = burnUp.locator('svg[role="application"]');
  await surface.focus();
  await expect(surface).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(burnUp.locator(".recharts-tooltip-wrapper")).toContainText("Files done");
});

test("charts: the API refuses a bad window and another experiment's campaign; the portfolio exports CSV", async ({ page }) => {
  await signIn(page, "maria");
  const bad = await page.request.get(`/api/v1/campaigns/${campaignId}/charts?window=1y`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/24h, 7d, 30d, custom/);
  const backwards = await page.request.get(`/api/v1/campaigns/${campaignId}/charts?window=custom&from=2026-11-10&to=2026-11-01`);
  expect(backwards.status()).toBe(400);
  expect((await page.request.get(`/api/v1/portfolio?format=xml`)).status()).toBe(400);
  const csv = await page.request.get(`/api/v1/portfolio?format=csv&q=${NAME}`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toMatch(/^Campaign,Experiment,Health,/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${NAME},nova,Will miss its date,yes`);

  await page.context().clearCookies();
  await signIn(page, "dana"); // DUNE's coordinator
  expect((await page.request.get(`/api/v1/campaigns/${campaignId}/charts`)).status()).toBe(404);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" })).toHaveCount(0);
});

test("charts: the portfolio and the Progress section are accessible (axe) in the light and dark themes, tables open", async ({ page, context }) => {
  await signIn(page, "maria");
  for (const theme of ["light", "dark"] as const) {
    await setTheme(context, theme);
    await page.goto("/portfolio");
    await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark)/);
    await expect(page.getByTestId("sparkline").first()).toBeVisible();
    await expectAccessible(page);
    await page.goto(`/campaigns/${campaignId}?window=30d`);
    await expect(page.getByTestId("burnup-chart").locator(".recharts-line").first()).toBeVisible();
    await openAllTables(page);
    await expectAccessible(page);
  }
});
