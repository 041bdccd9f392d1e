import { test, expect } from "@playwright/test";
import { signIn, query, count, expectAccessible, setTheme } from "./helpers";

/**
 * A Completed submission's files as a NOvA production member sees them: inputs processed, failed and not processed;
 * an output stuck in the dropbox with its reason; what it waits for to become Located; and "Mark located" with a
 * reason, recorded. Accessible (axe) in light and dark, dialog included.
 */
test("outputs: per-file results, a stuck output with its reason, and Mark located", async ({ page, context }) => {
  const [sub] = await query<{ id: number; experimentId: number }>(
    `SELECT s.id, s."experimentId" FROM "Submission" s JOIN "Experiment" e ON e.id = s."experimentId"
      WHERE e.name = 'nova' AND s.status IN ('COMPLETED', 'LOCATED') AND NOT s."isTest"
        AND EXISTS (SELECT 1 FROM "SubmissionFile" f WHERE f."submissionId" = s.id AND f.status = 'FAILED')
      ORDER BY s.id LIMIT 1`,
  );
  expect(sub, "the seed has a finished NOvA submission with a failed input").toBeTruthy();
  // Completed just now (a refresh run by an earlier spec may have located the seed's), already wrapped up (no chain).
  await query(`UPDATE "Submission" SET status = 'COMPLETED', "locatedAt" = NULL, "locatedBy" = NULL, "statusChangedAt" = now(), "wrappedUpAt" = now() WHERE id = $1`, [sub.id]);
  // The demo's first stages locate at once ("complete"); this one was launched when its stage said "located", 95 %.
  const [snap] = await query<{ id: number }>(
    `INSERT INTO "ConfigSnapshot" ("kind", "sourceId", "data", "digest") SELECT 'STAGE', "stageId", '{"effective":{"completionType":"LOCATED","completionPct":95}}', 'e2e-outputs-' || id FROM "Submission" WHERE id = $1 RETURNING id`,
    [sub.id],
  );
  await query(`UPDATE "Submission" SET "stageSnapshotId" = $2 WHERE id = $1`, [sub.id, snap.id]);
  const stuckName = `e2e_stuck_${sub.id}_out.root`;
  await query(
    `INSERT INTO "OutputTransfer" ("experimentId", "submissionId", "fileName", "state", "rawState", "reason", "stuckSince") VALUES ($1, $2, $3, 'STUCK', 'error', 'Metadata extraction failed: no JSON file', now())
     ON CONFLICT DO NOTHING`,
    [sub.experimentId, sub.id, stuckName],
  );
  const consumed = await count(`SELECT count(*) AS n FROM "SubmissionFile" WHERE "submissionId" = $1 AND role = 'INPUT' AND status = 'CONSUMED'`, [sub.id]);
  const failed = await count(`SELECT count(*) AS n FROM "SubmissionFile" WHERE "submissionId" = $1 AND role = 'INPUT' AND status = 'FAILED'`, [sub.id]);
  await signIn(page, "noah");
  for (const theme of ["light", "dark"] as const) {
    await setTheme(context, theme);
    await page.goto(`/submissions/${sub.id}`);
    await expect(page.getByTestId("inputs-consumed")).toContainText(`${consumed} processed`);
    await expect(page.getByTestId("inputs-failed")).toContainText(`${failed} failed`);
    await expect(page.getByTestId("inputs-not-processed")).toContainText(`${failed} not processed`);
    await expect(page.getByTestId("stuck-outputs")).toContainText(`${stuckName}: Metadata extraction failed: no JSON file`);
    await expect(page.getByTestId("located-line")).toContainText("Waiting for outputs");
    await expectAccessible(page);
  }

  // Mark located: a dialog asks why; an empty reason cannot be sent; the change is recorded with the reason.
  await page.getByTestId("kick-open").click();
  const dialog = page.getByTestId("kick-dialog");
  await expect(dialog.getByTestId("kick-confirm")).toBeDisabled();
  await expectAccessible(page);
  await dialog.getByTestId("kick-reason").fill("Outputs checked by hand in dCache");
  await dialog.getByTestId("kick-confirm").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("located-line")).toContainText("Located");
  await expect(page.getByTestId("located-line")).toContainText("by hand");
  await expect(page.getByTestId("submission-status")).toContainText("Located");
  const [ev] = await query<{ reason: string; username: string }>(
    `SELECT e.reason, p.username FROM "SubmissionEvent" e JOIN "Person" p ON p.id = e."actorId" WHERE e."submissionId" = $1 AND e.status = 'LOCATED'`,
    [sub.id],
  );
  expect(ev).toEqual({ reason: "Marked located by hand: Outputs checked by hand in dCache", username: "noah" });
  expect(await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'submission.kick' AND "entityId" = $1`, [String(sub.id)])).toBe(1);
  await expect(page.getByTestId("kick-open")).toHaveCount(0);

  // The API refuses a second kick and a missing reason, in words, and changes nothing.
  const again = await page.request.post(`/api/v1/submissions/${sub.id}/kick`, { data: { reason: "again" } });
  expect(again.status()).toBe(409);
  const empty = await page.request.post(`/api/v1/submissions/${sub.id}/kick`, { data: { reason: "  " } });
  expect(empty.status()).toBe(400);
  expect((await empty.json()).error.message).toMatch(/Reason is required/);
});
