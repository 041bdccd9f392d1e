import { test, expect, type Page, type BrowserContext } from "@playwright/test";
import { signIn, query, count, expectAccessible, setTheme } from "./helpers";

/**
 * The run-time pages as a NOvA production member sees them: a campaign's stages, a stage with its launch preview,
 * a submission with its jobs; each axe-clean in light and dark. (The launch story end to end is the lead's spec.)
 */
test.describe("campaign run pages", () => {
  async function bothThemes(page: Page, context: BrowserContext, url: string, ready: () => Promise<void>) {
    for (const theme of ["light", "dark"] as const) {
      await setTheme(context, theme);
      await page.goto(url);
      await ready();
      await expectAccessible(page);
    }
  }

  test("campaign run: campaign, stage and submission pages show live figures, previews and jobs, accessible in both themes", async ({ page, context }) => {
    const [sub] = await query<{ id: number; stageId: number; campaignId: number }>(
      `SELECT s.id, s."stageId", s."campaignId" FROM "Submission" s JOIN "Experiment" e ON e.id = s."experimentId"
        WHERE e.name = 'nova' AND EXISTS (SELECT 1 FROM "Job" j WHERE j."submissionId" = s.id) ORDER BY s.id LIMIT 1`,
    );
    expect(sub, "the seed has a NOvA submission with jobs").toBeTruthy();
    await signIn(page, "noah");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" })).toHaveCount(0); // OPOS and admins only

    // The campaign: its stages with submissions by state and job progress.
    const stages = await count(`SELECT count(*) AS n FROM "CampaignStage" WHERE "campaignId" = $1`, [sub.campaignId]);
    const [campaign] = await query<{ name: string }>(`SELECT name FROM "Campaign" WHERE id = $1`, [sub.campaignId]);
    await bothThemes(page, context, `/campaigns/${sub.campaignId}`, async () => {
      await expect(page.getByTestId("campaign-name")).toHaveText(campaign.name);
      await expect(page.getByTestId("stage-row")).toHaveCount(stages);
    });
    await expect(page.getByRole("link", { name: "Edit" })).toHaveAttribute("href", `/campaigns/${sub.campaignId}/edit`);
    // Control asks first, in a dialog that shows what it would hit; Back (or Escape) changes nothing.
    const before = await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action LIKE 'control.%'`);
    await page.getByTestId("control-campaign").getByRole("button", { name: "Hold…" }).click();
    const dialog = page.getByTestId("control-dialog");
    await expect(dialog.getByTestId("control-summary")).toContainText(/submission|Nothing to hold/);
    await expect(dialog.getByRole("button", { name: "Back" })).toBeFocused();
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    expect(await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action LIKE 'control.%'`)).toBe(before);

    // The stage: effective configuration with where it comes from, the cursor in words, the launch preview.
    await page.getByRole("link", { name: (await query<{ name: string }>(`SELECT name FROM "CampaignStage" WHERE id = $1`, [sub.stageId]))[0].name, exact: true }).first().click();
    await page.waitForURL(`**/stages/${sub.stageId}`);
    await bothThemes(page, context, `/stages/${sub.stageId}`, async () => {
      await expect(page.getByTestId("stage-effective")).toContainText(/set on this stage|inherited from the campaign|installation default/);
      await expect(page.getByTestId("cursor-text")).not.toBeEmpty();
      await expect(page.getByTestId("submission-row").first()).toBeVisible();
    });
    await page.getByTestId("launch-preview").click();
    // The preview: what the gate says, the slice, the jobs, the backend and the exact command.
    await expect(page.getByTestId("launch-preview-error")).toHaveCount(0);
    await expect(page.getByTestId("launch-command")).not.toBeEmpty();
    await expect(page.getByTestId("launch-gate")).toContainText("The gate is open");
    await expect(page.getByTestId("launch-jobs")).toHaveText(/^\d+ jobs?$/);
    await expect(page.getByTestId("launch-preview-result")).toContainText(/\d+ files? from/);
    await expectAccessible(page);

    // On a stage that has not launched yet (so the demo's launch history stays as seeded): moving the cursor asks
    // why and is recorded with the reason; a held stage stores a held launch, deleted after a confirm.
    const [quiet] = await query<{ id: number }>(
      `SELECT st.id FROM "CampaignStage" st JOIN "Campaign" c ON c.id = st."campaignId" JOIN "Experiment" e ON e.id = c."experimentId"
        WHERE e.name = 'nova' AND st.active AND c.active AND NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s."stageId" = st.id) ORDER BY st.id LIMIT 1`,
    );
    const stageId = quiet?.id ?? sub.stageId;
    await page.goto(`/stages/${stageId}`);
    const cursor = page.getByTestId("cursor-form");
    await cursor.getByRole("button", { name: "Move the cursor" }).click();
    await expect(cursor.getByRole("status")).toContainText("Say why");
    const why = `Run the slice again after the calibration fix ${Date.now()}`;
    await cursor.getByLabel("Why").fill(why);
    await cursor.getByRole("button", { name: "Move the cursor" }).click();
    await expect(cursor.getByRole("status")).toContainText("The cursor moved");
    expect(await count(`SELECT count(*) AS n FROM "SplitCursorEvent" WHERE "stageId" = $1 AND reason = $2`, [stageId, why])).toBe(1);
    await page.getByText(/^Cursor history/).click();
    await expect(page.getByTestId("cursor-history")).toContainText(why);

    const hold = page.getByTestId("stage-hold-switch");
    await hold.getByLabel("Why hold launches of this stage?").fill("Waiting for the new calibration");
    await hold.getByRole("button", { name: "Hold launches" }).click();
    await expect(page.getByTestId("stage-hold-switch-state")).toContainText("on hold: Waiting for the new calibration");
    await expect(page.getByTestId("launch-go")).toHaveText("Store a held launch");
    await page.getByTestId("launch-go").click();
    await expect(page.getByTestId("launch-outcome")).toContainText("Stored as a held launch: This stage is on hold: Waiting for the new calibration.");
    await expect(page.getByTestId("launch-log")).toContainText("Held:");
    const heldRow = page.getByTestId("held-launch-row");
    await expect(heldRow).toHaveCount(1);
    await heldRow.getByRole("button", { name: /^Delete held launch/ }).click();
    const heldDialog = page.getByTestId("held-launch-dialog");
    await expect(heldDialog).toContainText("will not run when the hold is lifted");
    await expectAccessible(page);
    await heldDialog.getByTestId("held-launch-confirm").click();
    await expect(heldRow).toHaveCount(0);
    expect(await count(`SELECT count(*) AS n FROM "HeldLaunch" WHERE "stageId" = $1 AND "releasedAt" IS NULL`, [stageId])).toBe(0);
    await hold.getByRole("button", { name: "Lift the hold" }).click();
    await expect(page.getByTestId("stage-hold-switch-state")).toContainText("go ahead");
    expect(await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action IN ('stage.hold', 'stage.release', 'launch.held', 'launch.held_deleted', 'cursor.back') AND "entityId" = $1`, [String(stageId)])).toBeGreaterThanOrEqual(5);

    // The submission: why, timeline, progress, jobs; the jobs filter lives in the address.
    const jobs = await count(`SELECT count(*) AS n FROM "Job" WHERE "submissionId" = $1`, [sub.id]);
    await page.goto(`/stages/${sub.stageId}`);
    await page.getByRole("link", { name: `#${sub.id}`, exact: true }).click();
    await page.waitForURL(`**/submissions/${sub.id}`);
    await bothThemes(page, context, `/submissions/${sub.id}`, async () => {
      await expect(page.getByTestId("submission-title")).toContainText(`Submission ${sub.id}`);
      await expect(page.getByTestId("submission-why")).toContainText(/by /);
      await expect(page.getByTestId("job-row")).toHaveCount(Math.min(jobs, 100));
    });
    const failed = await count(`SELECT count(*) AS n FROM "Job" WHERE "submissionId" = $1 AND (status = 'FAILED' OR (status = 'COMPLETED' AND "exitCode" <> 0))`, [sub.id]);
    await page.getByTestId("jobs-filter-failed").click();
    await page.waitForURL(`**/submissions/${sub.id}?jobs=failed`);
    await expect(page.getByTestId("jobs-filter-failed")).toHaveAttribute("aria-current", "page");
    if (failed) {
      await expect(page.getByTestId("job-row")).toHaveCount(Math.min(failed, 100));
      for (const row of (await page.getByTestId("job-row").all()).slice(0, 5)) await expect(row).toContainText("Failed");
    } else {
      await expect(page.getByTestId("jobs-empty")).toContainText("No failed jobs");
    }
    // An unknown filter in the address is "all", not an error page.
    await page.goto(`/submissions/${sub.id}?jobs=bogus`);
    await expect(page.getByTestId("jobs-filter-all")).toHaveAttribute("aria-current", "page");
  });

  test("campaign run: operations and held launches for OPOS, refused in words for others", async ({ page, context }) => {
    await signIn(page, "oscar");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" }).click();
    await page.waitForURL("**/operations");
    const globalHold = page.getByTestId("global-hold-switch");
    await bothThemes(page, context, "/operations", async () => {
      await expect(page.getByTestId("global-hold-switch-state")).toContainText("go ahead");
    });
    await setTheme(context, "light");
    await page.reload();
    // The global hold asks why; the held launches page then says every launch waits, and why.
    await globalHold.getByRole("button", { name: "Hold launches" }).click();
    await expect(globalHold.getByRole("status")).toContainText("Say why");
    await globalHold.getByLabel(/Why hold launches/).fill("dCache maintenance until 14:00");
    await globalHold.getByRole("button", { name: "Hold launches" }).click();
    await expect(page.getByTestId("global-hold-switch-state")).toContainText("on hold: dCache maintenance until 14:00");
    await page.getByRole("link", { name: "Held launches" }).click();
    await page.waitForURL("**/held-launches");
    await expect(page.getByTestId("global-hold-banner")).toContainText("All launches are on hold: dCache maintenance until 14:00");
    await bothThemes(page, context, "/held-launches", async () => {
      await expect(page.getByTestId("global-hold-banner")).toBeVisible();
      await expect(page.getByTestId("held-launches-table").or(page.getByTestId("held-launches-empty"))).toBeVisible();
    });
    await page.goto("/operations");
    await globalHold.getByRole("button", { name: "Lift the hold" }).click();
    await expect(page.getByTestId("global-hold-switch-state")).toContainText("go ahead");
    expect(await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action IN ('launch.global_hold', 'launch.global_release')`)).toBeGreaterThanOrEqual(2);
    await context.clearCookies();
    await signIn(page, "noah");
    await page.goto("/operations");
    await expect(page.getByTestId("refused")).toContainText("Only OPOS operators");
    await page.goto("/submissions/2147483648");
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found|could not be found|404/i);
  });
});
