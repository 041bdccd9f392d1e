/**
 * Campaign configuration (issue 8, item 1): a production member makes a login/setup and a job type, a campaign
 * from an approved task, adds a stage with an inherited field, edits it, and a stale edit from a second tab is
 * refused with who changed it; the new pages pass axe in both themes. Then bad input to the configuration API
 * is a 4xx that changes nothing, and a shared template asks before changing its campaigns.
 */
import { test, expect } from "@playwright/test";
import { signIn, query, count, setTheme, expectAccessible } from "./helpers";

const suffix = Date.now().toString(36).slice(-5);

test.describe("campaign config", () => {
  test("a production member configures a campaign from an approved task; a stale edit is refused and explained", async ({ page, context }) => {
    await signIn(page, "noah");
    // Login/setup and job type.
    await page.goto("/login-setups");
    await page.getByText("New login/setup").click();
    const lsName = `noahpro_${suffix}`;
    await page.locator("#name").fill(lsName);
    await page.getByLabel("Launch host").fill("localhost");
    await page.getByLabel("Launch account").fill("novapro");
    await page.getByRole("button", { name: "Create login/setup" }).click();
    await page.waitForURL(/\/login-setups\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(lsName);

    await page.goto("/job-types");
    await page.getByText("New job type").click();
    const jtName = `reco_${suffix}`;
    await page.locator("#name").fill(jtName);
    await page.getByLabel("Launch command").fill("fife_launch -c %(config)s");
    await page.getByLabel("Definition parameters").fill("--memory 2000MB\n-Oglobal.group %(group)s");
    await page.getByRole("button", { name: "Add a recovery step" }).click();
    await page.getByRole("button", { name: "Create job type" }).click();
    await page.waitForURL(/\/job-types\/\d+$/);
    const [jt] = await query<{ id: number; definitionParameters: unknown }>(`SELECT id, "definitionParameters" FROM "JobType" WHERE name = $1`, [jtName]);
    expect(jt.definitionParameters).toEqual([["--memory", "2000MB"], ["-Oglobal.group", "%(group)s"]]);
    expect(await count(`SELECT count(*) AS n FROM "JobTypeRecovery" WHERE "jobTypeId" = $1`, [jt.id])).toBe(1);

    // A campaign from an approved task, through the task page's button.
    const [task] = await query<{ id: number; number: number }>(`SELECT t.id, t.number FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = 'APPROVED' ORDER BY t.id LIMIT 1`);
    await page.goto(`/tasks/NOVA-${task.number}`);
    await page.getByTestId("create-campaign").click();
    await page.waitForURL(/\/campaigns\/new\?task=NOVA-/);
    const campaignName = `nova_e2e_${suffix}`;
    await page.locator("#name").fill(campaignName);
    await page.locator("#softwareVersion").fill("v3.2.1");
    await page.getByRole("button", { name: "Create campaign" }).click();
    await page.waitForURL(/\/campaigns\/\d+\/edit$/);
    const campaignId = Number(page.url().match(/campaigns\/(\d+)\/edit/)![1]);
    expect(await count(`SELECT count(*) AS n FROM "TaskCampaign" WHERE "taskId" = $1 AND "campaignId" = $2`, [task.id, campaignId])).toBe(1);

    // A stage whose software version is inherited from the campaign.
    await page.getByRole("link", { name: "Add stage" }).click();
    await page.waitForURL(/\/stages\/new$/);
    await page.locator("#name").fill("reco");
    await page.locator("#jobTypeId").selectOption({ label: jtName });
    await page.locator("#loginSetupId").selectOption({ label: lsName });
    await expect(page.getByTestId("softwareVersion-inherit")).toBeChecked();
    await expect(page.getByText("Inherit from campaign (v3.2.1)")).toBeVisible();
    await page.getByTestId("batchBackend-inherit").uncheck();
    await page.locator("#batchBackend").selectOption("LOCAL");
    await page.getByRole("button", { name: "Add stage" }).click();
    await page.waitForURL(/\/stages\/\d+\/edit$/);
    const stageId = Number(page.url().match(/stages\/(\d+)\/edit/)![1]);
    const [stage] = await query<{ softwareVersion: string | null; batchBackend: string }>(`SELECT "softwareVersion", "batchBackend" FROM "CampaignStage" WHERE id = $1`, [stageId]);
    expect(stage).toEqual({ softwareVersion: null, batchBackend: "LOCAL" });

    // A second tab opens the same stage; the first saves; the second's save is stale and says who and what.
    const second = await context.newPage();
    await second.goto(`/stages/${stageId}/edit`);
    await page.locator("#maxJobs").fill("40");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByTestId("save-ok")).toBeVisible();
    await second.bringToFront();
    await second.locator("#splitType").fill("nfiles(5)");
    await second.getByRole("button", { name: "Save changes" }).click();
    const stale = second.getByTestId("stale-edit");
    await expect(stale).toContainText("Noah Fischer changed this stage");
    await expect(stale).toContainText("max jobs");
    await expect(stale).toBeFocused();
    const [after] = await query<{ maxJobs: number; splitType: string; version: number }>(`SELECT "maxJobs", "splitType", version FROM "CampaignStage" WHERE id = $1`, [stageId]);
    expect(after).toEqual({ maxJobs: 40, splitType: "none", version: 2 });
    await second.close();

    // The new pages pass axe in both themes.
    for (const theme of ["light", "dark"] as const) {
      await setTheme(context, theme);
      for (const path of ["/campaigns", `/campaigns/${campaignId}/edit`, `/stages/${stageId}/edit`, `/campaigns/${campaignId}/stages/new`, `/job-types/${jt.id}`, "/login-setups", `/campaigns/new?task=NOVA-${task.number}`]) {
        await page.goto(path);
        await expectAccessible(page);
      }
    }
  });

  test("bad input to the configuration API is a 4xx that changes nothing; a shared template asks first", async ({ page }) => {
    await signIn(page, "noah");
    const r = page.request;
    const before = await count(`SELECT (SELECT count(*) FROM "Campaign") + (SELECT count(*) FROM "JobType") + (SELECT count(*) FROM "LoginSetup") + (SELECT count(*) FROM "CampaignStage") AS n`);
    for (const id of ["2147483648", "1e3", "01", "%00"]) {
      expect((await r.get(`/api/v1/campaigns/${id}`)).status(), `GET campaign ${id}`).toBe(404);
      expect((await r.patch(`/api/v1/campaigns/${id}`, { data: { version: 1 } })).status()).toBe(404);
      expect((await r.post(`/api/v1/campaigns/${id}/clone`, { data: {} })).status()).toBe(404);
      expect((await r.post(`/api/v1/campaigns/${id}/stages`, { data: { name: "x", jobTypeId: 1, loginSetupId: 1 } })).status()).toBe(404);
      expect((await r.patch(`/api/v1/stages/${id}/config`, { data: { version: 1 } })).status()).toBe(404);
      expect((await r.patch(`/api/v1/job-types/${id}`, { data: { version: 1 } })).status()).toBe(404);
      expect((await r.post(`/api/v1/login-setups/${id}/clone`, { data: {} })).status()).toBe(404);
      expect((await page.goto(`/stages/${id}/edit`))?.status(), `page /stages/${id}/edit`).toBe(404);
    }
    const [campaign] = await query<{ id: number; version: number }>(`SELECT c.id, c.version FROM "Campaign" c JOIN "Experiment" e ON e.id = c."experimentId" WHERE e.name = 'nova' ORDER BY c.id LIMIT 1`);
    const bad: [string, string, unknown][] = [
      ["POST", "/api/v1/campaigns", { experiment: "nova", name: "a b" }],
      ["POST", "/api/v1/campaigns", { experiment: "nova", name: "ok_name", owner: 1 }],
      ["POST", "/api/v1/campaigns", { experiment: "nova", name: "x\u0000", keywords: [["dataset", "x"]] }],
      ["POST", "/api/v1/login-setups", { experiment: "nova", name: "n", launchHost: "h;reboot", launchAccount: "a" }],
      ["POST", "/api/v1/job-types", { experiment: "nova", name: "n", launchScript: "x", definitionParameters: [["$(x)", "1"]] }],
      ["POST", "/api/v1/job-types", { experiment: "nova", name: "n", launchScript: "x", filesPerJob: -1 }],
      ["PATCH", `/api/v1/campaigns/${campaign.id}`, { version: 2147483648 }],
      ["PATCH", `/api/v1/campaigns/${campaign.id}`, { version: campaign.version, defaults: { batchBackend: "PBS" } }],
      ["POST", "/api/v1/campaigns/bulk", { ids: [2147483648], active: false }],
      ["POST", "/api/v1/campaigns/bulk", { ids: [], active: false }],
      ["POST", `/api/v1/campaigns/${campaign.id}/stages`, { name: "s", jobTypeId: 1, loginSetupId: 1, hold: true }],
    ];
    for (const [method, url, data] of bad) {
      const res = await r.fetch(url, { method, data });
      expect(res.status(), `${method} ${url} ${JSON.stringify(data)}`).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_input");
    }
    expect((await r.post("/api/v1/campaigns", { headers: { "content-type": "application/json" }, data: "{not json" })).status()).toBe(400);
    expect((await r.get("/api/v1/campaigns?experiment=%00&tag=%00&active=%00&q=%00")).status()).toBe(200);
    expect(await count(`SELECT (SELECT count(*) FROM "Campaign") + (SELECT count(*) FROM "JobType") + (SELECT count(*) FROM "LoginSetup") + (SELECT count(*) FROM "CampaignStage") AS n`)).toBe(before);

    // A job type used by campaigns: without confirmation a 409 lists them; with it, the change is made.
    const [shared] = await query<{ id: number; version: number; launchScript: string }>(
      `SELECT j.id, j.version, j."launchScript" FROM "JobType" j JOIN "Experiment" e ON e.id = j."experimentId" WHERE e.name = 'nova' AND EXISTS (SELECT 1 FROM "CampaignStage" s WHERE s."jobTypeId" = j.id) ORDER BY j.id LIMIT 1`,
    );
    const refused = await r.patch(`/api/v1/job-types/${shared.id}`, { data: { version: shared.version, launchScript: `${shared.launchScript} --e2e` } });
    expect(refused.status()).toBe(409);
    const body = await refused.json();
    expect(body.error.code).toBe("shared");
    expect(body.error.details.campaigns.length).toBeGreaterThan(0);
    const ok = await r.patch(`/api/v1/job-types/${shared.id}`, { data: { version: shared.version, launchScript: shared.launchScript, definitionParameters: [["--e2e", ""]], confirmShared: true } });
    expect(ok.status()).toBe(200);
    const stale = await r.patch(`/api/v1/job-types/${shared.id}`, { data: { version: shared.version, launchScript: "x", confirmShared: true } });
    expect(stale.status()).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "stale", details: { changedBy: "noah", fields: ["definitionParameters"] } });
  });
});
