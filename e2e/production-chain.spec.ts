/**
 * Issue 9, item 10, end to end in Chromium on the real local batch backend: a production member creates a two-stage
 * campaign from an approved task. Stage 1 slices its dataset by detector with a 10 % pilot (the catch-all, two files
 * without a detector, is shown and warned); stage 2 consumes stage 1's `%_out.root` outputs. The far pilot launches,
 * its outputs are declared with their locations and parentage in the embedded catalogue, and the submission
 * (completion type "located", 100 %) becomes Located by that rule; stage 2 then launches by itself on exactly those
 * outputs. The near pilot holds a `_big` file that the job cannot process with 2000 MB: once Located, it gets a
 * recovery over exactly that file with the job type's "--memory 4000MB", which processes it, and the chain goes on
 * to stage 2 with the near outputs.
 */
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, query, count } from "./helpers";

const refresh = (request: APIRequestContext) => request.post("/api/cron/refresh", { headers: { authorization: `Bearer ${process.env.POMS_CRON_SECRET}` } });

/** Calls the refresh until the submission page shows `state` (the page itself re-reads every 5 s; reloading is quicker). */
async function refreshUntil(page: Page, request: APIRequestContext, submissionId: number, state: string) {
  await page.goto(`/submissions/${submissionId}`);
  await expect
    .poll(
      async () => {
        expect((await refresh(request)).status()).toBe(200);
        await page.reload();
        return (await page.getByTestId("submission-status").textContent())?.trim();
      },
      { timeout: 45_000, intervals: [1500] },
    )
    .toContain(state);
}

/** Refreshes until `sql` (with `values`) returns a row, and returns it. */
async function refreshUntilRow<T>(request: APIRequestContext, sql: string, values: unknown[]): Promise<T> {
  let row: T | undefined;
  await expect
    .poll(
      async () => {
        [row] = await query<T & object>(sql, values);
        if (!row) expect((await refresh(request)).status()).toBe(200);
        return Boolean(row);
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBe(true);
  return row!;
}

type Launched = { id: number; trigger: string; parentId: number | null; launchedByKind: string; launchedBy: string; command: string; inputDataset: string; recoveryPosition: number };
const launchedSql = `SELECT s.id, s.trigger::text AS trigger, s."parentId", s."launchedByKind"::text AS "launchedByKind", p.username AS "launchedBy", s.command, s."inputDataset", s."recoveryPosition"
                       FROM "Submission" s JOIN "Person" p ON p.id = s."launchedById"`;
const inputsOf = async (submissionId: number) =>
  (await query<{ name: string }>(`SELECT d.name FROM "SubmissionFile" f JOIN "DataFile" d ON d.id = f."fileId" WHERE f."submissionId" = $1 AND f.role = 'INPUT' ORDER BY d.name`, [submissionId])).map((r) => r.name);

test("production chain: a sliced pilot becomes Located by its rule, stage 2 follows by itself, a failed file is recovered with more memory", async ({ page, request }) => {
  test.setTimeout(150_000);
  const suffix = Date.now().toString(36);
  const [nova] = await query<{ id: number }>(`SELECT id FROM "Experiment" WHERE name = 'nova'`);
  const [noah] = await query<{ id: number }>(`SELECT id FROM "Person" WHERE username = 'noah'`);

  // A dataset of its own: 24 far and 24 near files an hour apart, and 2 files with no detector (the catch-all).
  // The pilot is every 10th file in time order within a detector: far 001, 011, 021; near 025, 035, 045.
  // File 035 is `_big`: the demo job needs --memory 4000MB for it, so the near pilot fails exactly that file.
  const dataset = `nova_chain_${suffix}`;
  const name = (i: number) => `${dataset}_${String(i).padStart(3, "0")}${i === 35 ? "_big" : ""}.root`;
  const files = Array.from({ length: 50 }, (_, k) => k + 1).map((i) => ({ name: name(i), detector: i <= 24 ? "far" : i <= 48 ? "near" : null, run: 5000 + i, hour: i }));
  await query(
    `WITH d AS (INSERT INTO "Dataset" ("experimentId", name) VALUES ($1, $2) RETURNING id),
          f AS (INSERT INTO "DataFile" ("experimentId", name, detector, "runNumber", "startTime", "endTime")
                SELECT $1, x.name, x.detector, x.run, timestamptz '2026-10-05 00:00Z' + x.hour * interval '1 hour', timestamptz '2026-10-05 00:30Z' + x.hour * interval '1 hour'
                  FROM unnest($3::text[], $4::text[], $5::int[], $6::int[]) AS x(name, detector, run, hour) RETURNING id, name)
     INSERT INTO "DatasetFile" ("datasetId", "fileId", position) SELECT d.id, f.id, (row_number() OVER (ORDER BY f.name))::int - 1 FROM d, f`,
    [nova.id, dataset, files.map((f) => f.name), files.map((f) => f.detector), files.map((f) => f.run), files.map((f) => f.hour)],
  );
  const farPilot = [name(1), name(11), name(21)];
  const nearPilot = [name(25), name(35), name(45)];
  const out = (input: string) => input.replace(/\.root$/, "_out.root");

  // Its own job type (one file per job, outputs `%_out.root`, 2000 MB; recovery 1: files not consumed, with 4000 MB)
  // and its own login/setup on this machine.
  const jobType = `chain_job_${suffix}`;
  const [jt] = await query<{ id: number }>(
    `INSERT INTO "JobType" ("experimentId", name, "launchScript", "definitionParameters", "filesPerJob", "outputFilePatterns", "creatorId", "updatedAt")
     VALUES ($1, $2, 'demo-job.sh --release %(version)s --dataset %(dataset)s', '[["--memory", "2000MB"]]', 1, '{%_out.root}', $3, now()) RETURNING id`,
    [nova.id, jobType, noah.id],
  );
  await query(`INSERT INTO "JobTypeRecovery" ("jobTypeId", position, "recoveryType", "paramOverrides") VALUES ($1, 1, 'consumed_status', '[["--memory", "4000MB"]]')`, [jt.id]);
  await query(`INSERT INTO "LoginSetup" ("experimentId", name, "launchHost", "launchAccount", "creatorId", "updatedAt") VALUES ($1, $2, 'localhost', 'novapro', $3, now())`, [nova.id, `local_chain_${suffix}`, noah.id]);

  // A production member creates the campaign from an approved task.
  await signIn(page, "noah");
  const [task] = await query<{ id: number; number: number }>(`SELECT t.id, t.number FROM "Task" t WHERE t."experimentId" = $1 AND t.status = 'APPROVED' ORDER BY t.id LIMIT 1`, [nova.id]);
  await page.goto(`/tasks/NOVA-${task.number}`);
  await page.getByTestId("create-campaign").click();
  await page.waitForURL(/\/campaigns\/new\?task=NOVA-/);
  await page.locator("#name").fill(`nova_chain_${suffix}`);
  await page.locator("#softwareVersion").fill("v5.0.0");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await page.waitForURL(/\/campaigns\/\d+\/edit$/);
  const campaignId = Number(page.url().match(/campaigns\/(\d+)\/edit/)![1]);
  expect(await count(`SELECT count(*) AS n FROM "TaskCampaign" WHERE "taskId" = $1 AND "campaignId" = $2`, [task.id, campaignId])).toBe(1);

  // Stage 1: campaign slicing by detector with a 10 % pilot, located when all its outputs are catalogued.
  const addStage = async (stageName: string, fill: () => Promise<void>) => {
    await page.goto(`/campaigns/${campaignId}/stages/new`);
    await page.locator("#name").fill(stageName);
    await page.locator("#jobTypeId").selectOption({ label: jobType });
    await page.locator("#loginSetupId").selectOption({ label: `local_chain_${suffix}` });
    await page.getByTestId("batchBackend-inherit").uncheck();
    await page.locator("#batchBackend").selectOption("LOCAL");
    await page.getByTestId("completionType-inherit").uncheck();
    await page.locator("#completionType").selectOption("LOCATED");
    await page.getByTestId("completionPct-inherit").uncheck();
    await page.locator("#completionPct").fill("100");
    await fill();
    await page.getByRole("button", { name: "Add stage" }).click();
    await page.waitForURL(/\/stages\/\d+\/edit$/);
    return Number(page.url().match(/stages\/(\d+)\/edit/)![1]);
  };
  const reco = await addStage("reco", async () => {
    await page.locator("#inputDataset").fill(dataset);
    await page.locator("#splitType").fill("slices(detector; pilot=10%; files=10)");
  });
  // Stage 2 depends on stage 1's outputs that match `%_out.root`.
  const ana = await addStage("ana", async () => {
    await page.locator(`input[name="dep-${reco}"]`).check();
    await page.locator(`#dep-${reco}-patterns`).fill("%_out.root");
  });
  const [dep] = await query<{ id: number; filePatterns: string }>(`SELECT id, "filePatterns" FROM "StageDependency" WHERE "fromStageId" = $1 AND "toStageId" = $2`, [reco, ana]);
  expect(dep.filePatterns).toBe("%_out.root");

  // The stage page previews the slices: the two pilots first, the rest in batches of 10, the catch-all last and warned.
  await page.goto(`/stages/${reco}`);
  await expect(page.getByTestId("slice-summary")).toContainText("50 files in 9 slices; slice 1 is next.");
  await expect(page.getByTestId("catch-all")).toContainText("Warning — catch-all: 2 files are in no tagged slice");
  const rows = page.getByTestId("slice-row");
  await expect(rows).toHaveCount(9);
  await expect(rows.nth(0)).toContainText("pilot: detector far — 3 files");
  await expect(rows.nth(0)).toHaveAttribute("aria-current", "step");
  await expect(rows.nth(1)).toContainText("pilot: detector near — 3 files");
  await expect(rows.nth(8)).toContainText("catch-all: files in no tagged slice (missing detector) — 2 files");
  await expect(page.getByTestId("slice-next")).toContainText("pilot: detector far — 3 files");

  // Launch the far pilot, then the near pilot (the next slice), by hand.
  const launch = async () => {
    await page.goto(`/stages/${reco}`);
    await page.getByTestId("launch-go").click();
    await expect(page.getByTestId("launch-outcome")).toContainText("Launched");
    await page.getByTestId("launch-outcome").getByRole("link").click();
    await page.waitForURL(/\/submissions\/\d+$/);
    return Number(page.url().match(/submissions\/(\d+)/)![1]);
  };
  const far = await launch();
  expect(await inputsOf(far)).toEqual(farPilot);
  const near = await launch();
  expect(await inputsOf(near)).toEqual(nearPilot);
  expect(await query(`SELECT "sliceKey", "catchAll" FROM "Submission" WHERE id = ANY($1::int[]) ORDER BY id`, [[far, near]])).toEqual([
    { sliceKey: "pilot:detector=far#1", catchAll: false },
    { sliceKey: "pilot:detector=near#1", catchAll: false },
  ]);

  // The far pilot: its outputs are declared with locations and parentage, and it becomes Located by the rule.
  await refreshUntil(page, request, far, "Located");
  await expect(page.getByTestId("located-line")).toContainText("by the completion rule (enough outputs catalogued with a location)");
  const [located] = await query<{ locatedBy: string }>(`SELECT "locatedBy" FROM "Submission" WHERE id = $1`, [far]);
  expect(located.locatedBy).toBe("rule");
  const outputs = await query<{ name: string; located: boolean; parent: string }>(
    `SELECT d.name, d.location IS NOT NULL AND d."locatedAt" IS NOT NULL AS located, p.name AS parent
       FROM "SubmissionFile" f JOIN "DataFile" d ON d.id = f."fileId"
       LEFT JOIN "FileParentage" fp ON fp."childId" = d.id LEFT JOIN "DataFile" p ON p.id = fp."parentId"
      WHERE f."submissionId" = $1 AND f.role = 'OUTPUT' AND f.status = 'LOCATED' ORDER BY d.name`,
    [far],
  );
  expect(outputs).toEqual(farPilot.map((i) => ({ name: out(i), located: true, parent: i })));

  // Stage 2 launched by itself from the far pilot, as the system for the campaign's creator, on exactly its outputs.
  const first = await refreshUntilRow<Launched>(request, `${launchedSql} WHERE s."stageId" = $1 AND s."parentId" = $2`, [ana, far]);
  expect(first).toMatchObject({ trigger: "DEPENDENCY", parentId: far, launchedByKind: "SYSTEM", launchedBy: "noah", recoveryPosition: 0 });
  expect(await inputsOf(first.id)).toEqual(farPilot.map(out));
  await page.goto(`/submissions/${far}`);
  await expect(page.getByTestId("chain-launches")).toContainText(`Stage ana on 3 files of outputs: launched — submission ${first.id}`);
  await page.goto(`/submissions/${first.id}`);
  await expect(page.getByTestId("submission-why")).toContainText("by the system on behalf of noah");

  // The near pilot: the `_big` file failed (2000 MB), the two others were processed; it still becomes Located by the rule.
  await refreshUntil(page, request, near, "Located");
  await expect(page.getByTestId("located-line")).toContainText("by the completion rule");
  await expect(page.getByTestId("not-processed-list")).toContainText(name(35));
  expect(
    await query(`SELECT d.name, f.status::text AS status FROM "SubmissionFile" f JOIN "DataFile" d ON d.id = f."fileId" WHERE f."submissionId" = $1 AND f.role = 'INPUT' ORDER BY d.name`, [near]),
  ).toEqual(nearPilot.map((n) => ({ name: n, status: n === name(35) ? "FAILED" : "CONSUMED" })));

  // Its recovery comes first (no dependent launch from it): over exactly the failed file, with more memory.
  const recovery = await refreshUntilRow<Launched>(request, `${launchedSql} WHERE s."parentId" = $1 AND s.trigger = 'RECOVERY'`, [near]);
  expect(recovery).toMatchObject({ trigger: "RECOVERY", parentId: near, launchedByKind: "SYSTEM", launchedBy: "noah", recoveryPosition: 1, inputDataset: `submission_${near}_recovery_1` });
  expect(recovery.command).toContain("--memory 4000MB");
  expect(recovery.command).not.toContain("--memory 2000MB");
  expect(await inputsOf(recovery.id)).toEqual([name(35)]);
  expect(await count(`SELECT count(*) AS n FROM "Submission" WHERE "parentId" = $1 AND trigger = 'DEPENDENCY'`, [near])).toBe(0);
  await page.goto(`/submissions/${near}`);
  await expect(page.getByTestId("chain-launches")).toContainText(`Recovery 1 over 1 file`);
  await expect(page.getByTestId("chain-launches")).toContainText(`launched — submission ${recovery.id}`);

  // With 4000 MB the recovery processes the file; Located, the chain goes on to stage 2 with the near outputs.
  await refreshUntil(page, request, recovery.id, "Located");
  await expect(page.getByTestId("submission-command")).toContainText("--memory 4000MB");
  expect(await count(`SELECT count(*) AS n FROM "SubmissionFile" WHERE "submissionId" = $1 AND role = 'INPUT' AND status = 'CONSUMED'`, [recovery.id])).toBe(1);
  const second = await refreshUntilRow<Launched>(request, `${launchedSql} WHERE s."stageId" = $1 AND s."parentId" = $2`, [ana, recovery.id]);
  expect(second).toMatchObject({ trigger: "DEPENDENCY", launchedByKind: "SYSTEM", launchedBy: "noah" });
  expect(await inputsOf(second.id)).toEqual(nearPilot.map(out));
  // Stage 2 was launched exactly twice, once per chain.
  expect(await count(`SELECT count(*) AS n FROM "Submission" WHERE "stageId" = $1`, [ana])).toBe(2);
});
