import { test, expect } from "@playwright/test";
import { signIn, count, query } from "./helpers";

test("OPOS selects several cards and assigns them in one go; the header counts match the database", async ({ page }) => {
  await signIn(page, "omar");
  await page.goto("/board?experiment=nova&assignee=none");
  await page.waitForLoadState("networkidle");
  const ids = (await query<{ id: number }>(`SELECT t.id FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = 'APPROVED' AND t."assigneeId" IS NULL ORDER BY t.id`)).map((r) => r.id);
  expect(ids.length).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("count-APPROVED")).toHaveText(String(ids.length));
  for (const id of ids) await page.getByTestId(`card-${id}`).getByRole("checkbox").check();
  await expect(page.getByText(`${ids.length} selected`)).toBeVisible();
  await page.getByLabel("Assign selected to").selectOption("omar");
  await expect(page.getByTestId("board-message")).toHaveText(`${ids.length} of ${ids.length} cards assigned.`);
  const omar = await count(`SELECT id AS n FROM "Person" WHERE username = 'omar'`);
  for (const id of ids) expect(await query(`SELECT 1 FROM "Task" WHERE id = $1 AND status = 'ASSIGNED' AND "assigneeId" = $2`, [id, omar])).toHaveLength(1);
  await page.goto("/board?experiment=nova");
  const assigned = await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = 'ASSIGNED'`);
  await expect(page.getByTestId("count-ASSIGNED")).toHaveText(String(assigned));
});

test("linking a campaign shows its progress on the task page and on the card", async ({ page }) => {
  await signIn(page, "oscar");
  const [task] = await query<{ id: number }>(
    `SELECT t.id FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t.status = 'ASSIGNED' AND NOT EXISTS (SELECT 1 FROM "TaskCampaign" c WHERE c."taskId" = t.id) ORDER BY t.id LIMIT 1`,
  );
  await page.goto(`/tasks/${task.id}`);
  await page.getByLabel("Link a campaign").selectOption({ label: "nova_fd_reco_2026" });
  await page.getByRole("button", { name: "Link", exact: true }).click();
  const progress = page.getByRole("progressbar", { name: "nova_fd_reco_2026 submissions" });
  await expect(progress).toBeVisible();
  const [{ total, done }] = await query<{ total: string; done: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE s.status IN ('LOCATED','COMPLETED')) AS done FROM "Submission" s JOIN "Campaign" c ON c.id = s."campaignId" WHERE c.name = 'nova_fd_reco_2026'`,
  );
  await expect(page.getByText(`${done} of ${total} done`)).toBeVisible();
  await page.goto("/board?experiment=nova");
  await expect(page.getByTestId(`card-${task.id}`)).toContainText("nova_fd_reco_2026");
});

test("the requester withdraws an undecided request with a reason", async ({ page }) => {
  await signIn(page, "nora");
  const created = await page.request.post("/api/v1/tasks", { data: { experiment: "nova", title: "Withdraw me", kind: "OTHER" } });
  const id = (await created.json()).task.id as number;
  await page.goto(`/tasks/${id}`);
  await page.getByRole("button", { name: "Withdraw…" }).click();
  await page.getByRole("button", { name: "Confirm: Withdraw" }).click();
  await expect(page.getByText("Give a reason to withdraw this task.")).toBeVisible();
  await page.getByLabel("Reason to withdraw").fill("Found an existing sample.");
  await page.getByRole("button", { name: "Confirm: Withdraw" }).click();
  await expect(page.getByTestId("task-history")).toContainText("Reason: Found an existing sample.");
  expect((await query<{ status: string }>(`SELECT status FROM "Task" WHERE id = $1`, [id]))[0].status).toBe("CANCELLED");
});

test("per-experiment pages choose their experiment on the page; the header has no experiment menu", async ({ page }) => {
  await signIn(page, "ned"); // NOvA and DUNE
  await page.goto("/people");
  await expect(page.getByRole("heading", { name: "People of NOvA" })).toBeVisible();
  await expect(page.getByRole("banner").getByLabel("Experiment", { exact: true })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Experiments" }).getByRole("link", { name: "DUNE" }).click();
  await expect(page.getByRole("heading", { name: "People of DUNE" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "People of DUNE" })).toBeVisible();
  // The request form starts from the experiment last asked for.
  const made = await page.request.post("/api/v1/tasks", { data: { experiment: "dune", title: "Remember my experiment", kind: "OTHER" } });
  expect(made.status()).toBe(201);
  await page.goto("/tasks/new");
  await expect(page.getByRole("main").getByLabel("Experiment")).toHaveValue("dune");
});
