/**
 * Issue 8, item 14, end to end in Chromium on the real local batch backend: a production member creates a campaign
 * from an approved task, adds a stage, previews and launches it, watches its job run and the submission reach
 * Completed through the cron-triggered refresh, kills a second submission and sees it Removed; an operator holds
 * the stage, a launch becomes a held launch, and lifting the hold drains it.
 */
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, query, count, BASE_URL } from "./helpers";

const refresh = (request: APIRequestContext) => request.post("/api/cron/refresh", { headers: { authorization: `Bearer ${process.env.POMS_CRON_SECRET}` } });

/** Calls the refresh until the submission page shows `state` (the page itself re-reads every 5 s; reloading is quicker). */
async function refreshUntil(page: Page, request: APIRequestContext, state: string) {
  await expect
    .poll(
      async () => {
        expect((await refresh(request)).status()).toBe(200);
        await page.reload();
        return (await page.getByTestId("submission-status").textContent())?.trim();
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toContain(state);
}

test("campaign launch: from an approved task to a Completed submission on the local backend, a kill, and a held launch drained", async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const suffix = Date.now().toString(36);
  // A small dataset of its own in the embedded catalogue: 24 files, so three launches of 8 never run dry.
  const [nova] = await query<{ id: number }>(`SELECT id FROM "Experiment" WHERE name = 'nova'`);
  const dataset = `nova_e2e_${suffix}`;
  await query(
    `WITH d AS (INSERT INTO "Dataset" ("experimentId", name) VALUES ($1, $2) RETURNING id),
          f AS (INSERT INTO "DataFile" ("experimentId", name, "runNumber") SELECT $1, $2 || '_' || lpad(i::text, 3, '0') || '.root', 4000 + i FROM generate_series(1, 24) i RETURNING id, name)
     INSERT INTO "DatasetFile" ("datasetId", "fileId", position) SELECT d.id, f.id, (row_number() OVER (ORDER BY f.name))::int - 1 FROM d, f`,
    [nova.id, dataset],
  );

  // A job type and a login/setup of its own (other specs edit the demo's shared ones), as the demo's: the bundled job.
  const [noah] = await query<{ id: number }>(`SELECT id FROM "Person" WHERE username = 'noah'`);
  await query(
    `INSERT INTO "JobType" ("experimentId", name, "launchScript", "definitionParameters", "filesPerJob", "outputFilePatterns", "creatorId", "updatedAt")
     VALUES ($1, $2, 'demo-job.sh --release %(version)s --dataset %(dataset)s --group %(group)s', '[["--config", "%(config)s"], ["--memory", "2000MB"]]', 2, '{%_out.root}', $3, now())`,
    [nova.id, `demo_job_${suffix}`, noah.id],
  );
  await query(`INSERT INTO "LoginSetup" ("experimentId", name, "launchHost", "launchAccount", "creatorId", "updatedAt") VALUES ($1, $2, 'localhost', 'novapro', $3, now())`, [nova.id, `local_${suffix}`, noah.id]);

  await signIn(page, "noah");
  // A campaign from an approved task.
  const [task] = await query<{ id: number; number: number }>(`SELECT t.id, t.number FROM "Task" t WHERE t."experimentId" = $1 AND t.status = 'APPROVED' ORDER BY t.id LIMIT 1`, [nova.id]);
  await page.goto(`/tasks/NOVA-${task.number}`);
  await page.getByTestId("create-campaign").click();
  await page.waitForURL(/\/campaigns\/new\?task=NOVA-/);
  const campaignName = `nova_launch_${suffix}`;
  await page.locator("#name").fill(campaignName);
  await page.locator("#softwareVersion").fill("v4.0.0");
  await page.locator("#keywords").fill("config nova_reco.fcl"); // the demo job type's --config %(config)s
  await page.getByRole("button", { name: "Create campaign" }).click();
  await page.waitForURL(/\/campaigns\/\d+\/edit$/);
  const campaignId = Number(page.url().match(/campaigns\/(\d+)\/edit/)![1]);
  expect(await count(`SELECT count(*) AS n FROM "TaskCampaign" WHERE "taskId" = $1 AND "campaignId" = $2`, [task.id, campaignId])).toBe(1);

  // A stage on the demo job type, on this machine, 8 files per launch in one job.
  await page.getByRole("link", { name: "Add stage" }).click();
  await page.waitForURL(/\/stages\/new$/); // the campaign's own form has a #name too
  await page.locator("#name").fill("reco");
  await page.locator("#jobTypeId").selectOption({ label: `demo_job_${suffix}` });
  await page.locator("#loginSetupId").selectOption({ label: `local_${suffix}` });
  await page.getByTestId("batchBackend-inherit").uncheck();
  await page.locator("#batchBackend").selectOption("LOCAL");
  await page.locator("#inputDataset").fill(dataset);
  await page.locator("#splitType").fill("nfiles(8)");
  await page.locator("#maxJobs").fill("1");
  await page.getByRole("button", { name: "Add stage" }).click();
  await page.waitForURL(/\/stages\/\d+\/edit$/);
  const stageId = Number(page.url().match(/stages\/(\d+)\/edit/)![1]);

  // Preview, then launch: the log streams, then the submission.
  await page.goto(`/stages/${stageId}`);
  await page.getByTestId("launch-preview").click();
  await expect(page.getByTestId("launch-preview-result")).toContainText(`8 files from ${dataset}`);
  await expect(page.getByTestId("launch-jobs")).toHaveText("1 job");
  await expect(page.getByTestId("launch-command")).toContainText(`demo-job.sh --release v4.0.0 --dataset ${dataset} --group nova --config nova_reco.fcl --memory 2000MB`);
  await expect(page.getByTestId("launch-gate")).toContainText("The gate is open");
  await page.getByTestId("launch-go").click();
  await expect(page.getByTestId("launch-outcome")).toContainText("Launched");
  await expect(page.getByTestId("launch-log")).toContainText("Batch id");
  await page.getByTestId("launch-outcome").getByRole("link").click();
  await page.waitForURL(/\/submissions\/\d+$/);
  const firstId = Number(page.url().match(/submissions\/(\d+)/)![1]);
  await refreshUntil(page, request, "Completed");
  await expect(page.getByTestId("job-row")).toHaveCount(1);
  await expect(page.getByTestId("job-row").first()).toContainText("Done");
  expect(await count(`SELECT count(*) AS n FROM "SubmissionFile" WHERE "submissionId" = $1 AND role = 'INPUT'`, [firstId])).toBe(8);

  // A second launch takes the next 8 files; killed while its job runs, it is Removed.
  await page.goto(`/stages/${stageId}`);
  await page.getByTestId("launch-go").click();
  await expect(page.getByTestId("launch-outcome")).toContainText("Launched");
  await page.getByTestId("launch-outcome").getByRole("link").click();
  await page.waitForURL(/\/submissions\/\d+$/);
  const secondId = Number(page.url().match(/submissions\/(\d+)/)![1]);
  expect(secondId).not.toBe(firstId);
  await page.getByRole("group", { name: "Control the submission's jobs" }).getByRole("button", { name: "Kill…" }).click();
  await expect(page.getByTestId("control-summary")).toContainText("1 submission(s) killed");
  await page.getByTestId("control-confirm").click();
  await expect(page.getByTestId("submission-status")).toContainText("Removed", { timeout: 15_000 });
  await refresh(request);
  await page.reload();
  await expect(page.getByTestId("submission-status")).toContainText("Removed");
  expect(await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'control.kill' AND "entityId" = $1`, [String(secondId)])).toBe(1);

  // An operator holds the stage; a launch becomes a held launch; lifting the hold drains it.
  const operator = await browser.newContext({ baseURL: BASE_URL });
  const oscar = await operator.newPage();
  await signIn(oscar, "oscar");
  await oscar.goto(`/stages/${stageId}`);
  const hold = oscar.getByTestId("stage-hold-switch");
  await hold.getByLabel("Why hold launches of this stage?").fill("dCache pool full");
  await hold.getByRole("button", { name: "Hold launches" }).click();
  await expect(oscar.getByTestId("stage-hold-switch-state")).toContainText("on hold: dCache pool full");

  await page.goto(`/stages/${stageId}`);
  await expect(page.getByTestId("launch-go")).toHaveText("Store a held launch");
  await page.getByTestId("launch-go").click();
  await expect(page.getByTestId("launch-outcome")).toContainText("Stored as a held launch: This stage is on hold: dCache pool full.");
  expect(await count(`SELECT count(*) AS n FROM "HeldLaunch" WHERE "stageId" = $1 AND "releasedAt" IS NULL`, [stageId])).toBe(1);
  const before = await count(`SELECT count(*) AS n FROM "Submission" WHERE "stageId" = $1`, [stageId]);

  await hold.getByRole("button", { name: "Lift the hold" }).click();
  await expect(oscar.getByTestId("stage-hold-switch-state")).toContainText("go ahead");
  expect(await count(`SELECT count(*) AS n FROM "HeldLaunch" WHERE "stageId" = $1 AND "releasedAt" IS NULL`, [stageId])).toBe(0);
  const [drained] = await query<{ id: number; trigger: string; launchedBy: string; files: number }>(
    `SELECT s.id, s.trigger, p.username AS "launchedBy", (SELECT count(*)::int FROM "SubmissionFile" f WHERE f."submissionId" = s.id) AS files
       FROM "Submission" s JOIN "Person" p ON p.id = s."launchedById" WHERE s."stageId" = $1 ORDER BY s.id DESC LIMIT 1`,
    [stageId],
  );
  expect(await count(`SELECT count(*) AS n FROM "Submission" WHERE "stageId" = $1`, [stageId])).toBe(before + 1);
  expect(drained).toMatchObject({ trigger: "HELD_RELEASE", launchedBy: "noah", files: 8 });
  await operator.close();
});
