/**
 * Issue 10, item 9, end to end in Chromium: a service's monitor (a tiny HTTP server this spec starts on loopback)
 * goes bad; the refresh's services step sees it; a launch on a stage that needs the service becomes a held launch
 * naming it; the status page and the stage page show the outage; a job that was running fails while it lasts; the
 * service recovers and the held launch runs by itself on the next refreshes; the failed job's row and the submission
 * page show the outage beside the failure.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { signIn, query, setTheme, expectAccessible } from "./helpers";

const refresh = (request: APIRequestContext) => request.post("/api/cron/refresh", { headers: { authorization: `Bearer ${process.env.POMS_CRON_SECRET}` } });

/** Refreshes until the service's status is `status` (damping: two probes of three must agree, so two runs at least). */
async function refreshUntilStatus(request: APIRequestContext, serviceId: number, status: string) {
  await expect
    .poll(
      async () => {
        expect((await refresh(request)).status()).toBe(200);
        const [s] = await query<{ status: string }>(`SELECT status::text AS status FROM "Service" WHERE id = $1`, [serviceId]);
        return s.status;
      },
      { timeout: 20_000, intervals: [300] },
    )
    .toBe(status);
}

test("service health: a bad service holds the launches that need it, they run by themselves when it recovers, and a failure shows the outage", async ({ page, request }) => {
  test.setTimeout(90_000);
  const suffix = Date.now().toString(36);

  // The monitor: answers 200 or 503 as the spec says.
  let healthy = true;
  const monitor = http.createServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503, { "content-type": "text/plain" });
    res.end(healthy ? "ok" : "unavailable");
  });
  await new Promise<void>((resolve) => monitor.listen(0, "127.0.0.1", resolve));
  const port = (monitor.address() as AddressInfo).port;
  try {
    // A leaf service probed at it (the http probe of lib/services/probes), its own dataset, job type and stage: one
    // job over 36 files (about 25 s) whose last file is "_bad", so it fails at its end.
    const [nova] = await query<{ id: number }>(`SELECT id FROM "Experiment" WHERE name = 'nova'`);
    const [noah] = await query<{ id: number }>(`SELECT id FROM "Person" WHERE username = 'noah'`);
    const [service] = await query<{ id: number }>(
      `INSERT INTO "Service" (name, "displayName", kind, probe, status, "updatedAt") VALUES ($1, $2, 'STORAGE', $3::jsonb, 'UNKNOWN', now()) RETURNING id`,
      [`e2e-pool-${suffix}`, `E2E pool ${suffix}`, JSON.stringify({ type: "http", url: `http://127.0.0.1:${port}/health` })],
    );
    const dataset = `nova_svc_${suffix}`;
    await query(
      `WITH d AS (INSERT INTO "Dataset" ("experimentId", name) VALUES ($1, $2) RETURNING id),
            f AS (INSERT INTO "DataFile" ("experimentId", name, "runNumber")
                  SELECT $1, $2 || '_' || lpad(i::text, 3, '0') || CASE WHEN i = 36 THEN '_bad' ELSE '' END || '.root', 7000 + i FROM generate_series(1, 72) i RETURNING id, name)
       INSERT INTO "DatasetFile" ("datasetId", "fileId", position) SELECT d.id, f.id, (row_number() OVER (ORDER BY f.name))::int - 1 FROM d, f`,
      [nova.id, dataset],
    );
    const [jobType] = await query<{ id: number }>(
      `INSERT INTO "JobType" ("experimentId", name, "launchScript", "definitionParameters", "filesPerJob", "outputFilePatterns", "creatorId", "updatedAt")
       VALUES ($1, $2, 'demo-job.sh --dataset %(dataset)s', '[["--memory", "2000MB"]]', 36, '{%_out.root}', $3, now()) RETURNING id`,
      [nova.id, `svc_job_${suffix}`, noah.id],
    );
    const [login] = await query<{ id: number }>(`INSERT INTO "LoginSetup" ("experimentId", name, "launchHost", "launchAccount", "creatorId", "updatedAt") VALUES ($1, $2, 'localhost', 'novapro', $3, now()) RETURNING id`, [nova.id, `svc_local_${suffix}`, noah.id]);
    const [campaign] = await query<{ id: number }>(
      `INSERT INTO "Campaign" ("experimentId", name, defaults, "creatorId", "creatorRole", "updatedAt") VALUES ($1, $2, '{"batchBackend": "LOCAL", "softwareVersion": "v1"}', $3, 'PRODUCTION', now()) RETURNING id`,
      [nova.id, `nova_svc_${suffix}`, noah.id],
    );
    const [stage] = await query<{ id: number }>(
      `INSERT INTO "CampaignStage" ("campaignId", name, "jobTypeId", "loginSetupId", "inputDataset", "splitType", "updatedAt") VALUES ($1, 'reco', $2, $3, $4, 'nfiles(36)', now()) RETURNING id`,
      [campaign.id, jobType.id, login.id, dataset],
    );

    // The production member chooses the service on the stage form.
    await signIn(page, "noah");
    await page.goto(`/stages/${stage.id}/edit`);
    await page.getByTestId(`service-${service.id}`).check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(async () => (await query(`SELECT 1 FROM "StageService" WHERE "stageId" = $1 AND "serviceId" = $2`, [stage.id, service.id])).length).toBe(1);

    // Good: a launch goes; its one job runs for about 25 s.
    await refreshUntilStatus(request, service.id, "GOOD");
    await page.goto(`/stages/${stage.id}`);
    await page.getByTestId("launch-go").click();
    await expect(page.getByTestId("launch-outcome")).toContainText("Launched");
    const [running] = await query<{ id: number }>(`SELECT id FROM "Submission" WHERE "stageId" = $1 ORDER BY id LIMIT 1`, [stage.id]);

    // The monitor goes bad: the refresh sees it, and the next launch waits, naming the service and why.
    healthy = false;
    await refreshUntilStatus(request, service.id, "BAD");
    await page.reload();
    await page.getByTestId("launch-go").click();
    await expect(page.getByTestId("launch-outcome")).toContainText(`E2E pool ${suffix} is down since`);
    await expect(page.getByTestId("stage-service-hold")).toContainText(`Launches of this stage wait: Needed service unavailable: E2E pool ${suffix} is down`);
    await expect(page.getByTestId("stage-service-hold")).toContainText("The oldest held launch has waited since");
    await expectAccessible(page);
    const [held] = await query<{ id: number; heldByServiceIds: number[] }>(`SELECT id, "heldByServiceIds" FROM "HeldLaunch" WHERE "stageId" = $1 AND "releasedAt" IS NULL`, [stage.id]);
    expect(held.heldByServiceIds).toEqual([service.id]);

    // The outage is public: the status page shows the service bad, and its outage is open.
    expect((await query(`SELECT 1 FROM "ServiceDowntime" WHERE "serviceId" = $1 AND kind = 'ACTUAL' AND "endsAt" IS NULL`, [service.id])).length).toBe(1);
    await page.goto("/status");
    await expect(page.locator(`[data-testid="status-service"][data-service="e2e-pool-${suffix}"]`)).toContainText("Bad");

    // The running job fails while the service is down (its last file is "_bad"); the refresh records it.
    await expect
      .poll(
        async () => {
          expect((await refresh(request)).status()).toBe(200);
          return (await query(`SELECT 1 FROM "Job" WHERE "submissionId" = $1 AND status = 'FAILED' AND "endedAt" IS NOT NULL`, [running.id])).length;
        },
        { timeout: 40_000, intervals: [1000] },
      )
      .toBe(1);

    // The monitor recovers: the services step sees it and the drain, in the same runs, launches the held launch.
    healthy = true;
    await expect
      .poll(
        async () => {
          expect((await refresh(request)).status()).toBe(200);
          const [h] = await query<{ releasedSubmissionId: number | null }>(`SELECT "releasedSubmissionId" FROM "HeldLaunch" WHERE id = $1`, [held.id]);
          return h.releasedSubmissionId;
        },
        { timeout: 20_000, intervals: [300] },
      )
      .not.toBeNull();

    // The failed job's row shows the service at its start (good) and end (bad, in an outage); the summary counts it.
    await page.goto(`/submissions/${running.id}?jobs=failed`);
    const row = page.getByTestId("job-row").first();
    await expect(row.getByTestId("job-services")).toContainText(new RegExp(`E2E pool ${suffix}: .*Good.*→.*Bad \\(outage\\)`));
    await expect(row.getByRole("link", { name: `E2E pool ${suffix}` })).toHaveAttribute("href", `/services/${service.id}`);
    await expect(page.getByTestId("post-mortem-summary")).toContainText(`E2E pool ${suffix}: down for 1 of them`);
    await expect(page.getByTestId("failure-period-services")).toContainText(`Outage of E2E pool ${suffix} (needed)`);
    // The stage's failures grouped from the failures rollup: the job's exit code 65 (a file it could not read).
    await expect(page.getByTestId("failure-groups")).toContainText("65");
    await expectAccessible(page);
    await setTheme(page.context(), "dark");
    await page.reload();
    await expect(page.getByTestId("job-services").first()).toBeVisible();
    await expectAccessible(page);
  } finally {
    await new Promise<void>((resolve) => monitor.close(() => resolve()));
  }
});
