import { test, expect, type Browser, type Page } from "@playwright/test";
import { signIn, query, count, setTheme, expectAccessible, dragOver } from "./helpers";

/**
 * The board as people use it (issue #7 items 5, 6, 7, 10): the card following the pointer, the reason
 * field after a keyboard drop, the card panel (focus trap, its key in the URL, in-place edits, history
 * in words), honest failures (offline move, bulk refusals), undo of a move and of an approval, phone tabs.
 */

type Made = { id: number; key: string };

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

/** Creates a request as Ned and has the coordinator approve it (unless `approve` is false). */
async function makeTask(browser: Browser, title: string, opts: { experiment?: "nova" | "dune"; approve?: boolean; description?: string; inputDataset?: string } = {}): Promise<Made> {
  const experiment = opts.experiment ?? "nova";
  const ned = await signedIn(browser, "ned");
  const r = await ned.request.post("/api/v1/tasks", { data: { experiment, title, kind: "OTHER", description: opts.description ?? "", inputDataset: opts.inputDataset ?? "" } });
  expect(r.status()).toBe(201);
  const id = (await r.json()).task.id as number;
  await ned.context().close();
  if (opts.approve !== false) {
    const coordinator = await signedIn(browser, experiment === "nova" ? "nina" : "dana");
    expect((await coordinator.request.post(`/api/v1/tasks/${id}/transitions`, { data: { to: "APPROVED" } })).status()).toBe(200);
    await coordinator.context().close();
  }
  const [{ key }] = await query<{ key: string }>(`SELECT upper(e.name) || '-' || t."number" AS key FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE t.id = $1`, [id]);
  return { id, key };
}

const statusOf = async (id: number) => (await query<{ status: string }>(`SELECT status FROM "Task" WHERE id = $1`, [id]))[0].status;
const lastEvent = async (id: number) =>
  query<{ id: number; kind: string; undoesId: number | null; fromStatus: string | null; toStatus: string | null }>(
    `SELECT id, kind::text AS kind, "undoesId", "fromStatus"::text AS "fromStatus", "toStatus"::text AS "toStatus" FROM "TaskEvent" WHERE "taskId" = $1 ORDER BY id DESC LIMIT 2`,
    [id],
  );

async function openBoard(page: Page, q: string, extra = "") {
  await page.goto(`/board?q=${encodeURIComponent(q)}${extra}`);
  await page.waitForLoadState("networkidle"); // hydrated before dragging
}

const handleOf = (page: Page, id: number) => page.getByTestId(`card-${id}`).getByRole("button", { name: /^Move / });


test("a card follows the pointer with a placeholder where it lands; the move offers Undo, recorded as its own event", async ({ browser }) => {
  const card = await makeTask(browser, "BUX drag overlay sample");
  const page = await signedIn(browser, "oscar");
  await openBoard(page, "BUX drag overlay");
  await dragOver(page, handleOf(page, card.id), page.getByTestId("column-ASSIGNED"));
  await expect(page.getByTestId("drag-overlay")).toContainText("BUX drag overlay sample");
  await expect(page.getByTestId("column-ASSIGNED").getByTestId("drop-placeholder")).toBeVisible();
  await page.mouse.up();
  await expect(page.getByTestId("drag-overlay")).toHaveCount(0);
  await expect(page.getByTestId("column-ASSIGNED").getByTestId(`card-${card.id}`)).toBeVisible();
  await expect.poll(() => statusOf(card.id)).toBe("ASSIGNED");

  const toast = page.getByTestId("undo-toast");
  await expect(toast).toContainText(`Moved ${card.key} to Assigned.`);
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("board-message")).toContainText(`Undone: ${card.key} is back in Approved`);
  await expect(page.getByTestId("column-APPROVED").getByTestId(`card-${card.id}`)).toBeVisible();
  expect(await statusOf(card.id)).toBe("APPROVED");
  expect(await count(`SELECT count(*) AS n FROM "Task" WHERE id = $1 AND "assigneeId" IS NULL`, [card.id])).toBe(1);
  const [undone, moved] = await lastEvent(card.id);
  expect(undone).toMatchObject({ kind: "UNDONE", undoesId: moved.id, fromStatus: "ASSIGNED", toStatus: "APPROVED" });
  // The undo is told in words on the card panel.
  await page.getByRole("button", { name: "BUX drag overlay sample", exact: true }).click();
  await expect(page.getByTestId("drawer-history")).toContainText("Oscar Ortiz undid their last change, back to Approved (unassigned it from Oscar Ortiz)");
});

test("a keyboard drop into On hold puts the focus in the reason field", async ({ browser }) => {
  const card = await makeTask(browser, "BUX keyboard hold sample");
  const page = await signedIn(browser, "oscar");
  await openBoard(page, "BUX keyboard hold");
  await handleOf(page, card.id).focus();
  await page.keyboard.press("Space");
  await page.waitForTimeout(200);
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(250);
  }
  await page.keyboard.press("Space");
  const reason = page.getByLabel(/going on hold/);
  await expect(reason).toBeFocused();
  await page.keyboard.type("Waiting for the dCache pool to come back.");
  await page.keyboard.press("Enter");
  await expect.poll(() => statusOf(card.id)).toBe("ON_HOLD");
  await expect(page.getByTestId("column-ON_HOLD").getByTestId(`card-${card.id}`)).toBeVisible();
});

test("the card panel: its key in the URL, focus kept inside, in-place edits, history in words; back closes it", async ({ browser }) => {
  const card = await makeTask(browser, "BUX panel sample", { description: "Use the **nominal** flux.\n\n- first\n- second", inputDataset: "prod_caf_R26_fd_nominal" });
  const page = await signedIn(browser, "oscar");
  await openBoard(page, "BUX panel");
  await page.getByRole("button", { name: "BUX panel sample", exact: true }).click();
  const drawer = page.getByTestId("task-drawer");
  await expect(page).toHaveURL(new RegExp(`[?&]task=${card.key}`));
  await expect(drawer.getByTestId("drawer-description").locator("strong")).toHaveText("nominal");
  await expect(drawer.getByTestId("drawer-dataset")).toHaveText("prod_caf_R26_fd_nominal");

  // Focus stays inside: Tab and Shift+Tab never leave the panel.
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press(i % 5 === 4 ? "Shift+Tab" : "Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("[data-testid=task-drawer]"))).toBe(true);
  }

  await drawer.getByLabel("Priority").selectOption("URGENT");
  await expect(drawer.getByTestId("drawer-status")).toContainText(`${card.key} is now urgent priority.`);
  await expect.poll(async () => (await query<{ priority: string }>(`SELECT priority FROM "Task" WHERE id = $1`, [card.id]))[0].priority).toBe("URGENT");
  await drawer.getByLabel("Needed by").fill("2027-03-01");
  await drawer.getByLabel("Needed by").press("Enter");
  await expect(drawer.getByTestId("drawer-status")).toContainText(`${card.key} is needed by 2027-03-01.`);
  await expect.poll(async () => (await query<{ d: string }>(`SELECT to_char("neededBy", 'YYYY-MM-DD') AS d FROM "Task" WHERE id = $1`, [card.id]))[0].d).toBe("2027-03-01");
  await drawer.getByLabel("Assignee").selectOption("olga");
  await expect(drawer.getByTestId("drawer-status")).toContainText(`${card.key} is assigned to Olga Petrova.`);
  await expect.poll(() => statusOf(card.id)).toBe("ASSIGNED");
  await drawer.getByLabel("State").selectOption("IN_PROGRESS");
  await expect(drawer.getByTestId("drawer-status")).toContainText(`${card.key} is now in progress.`);
  await expect.poll(() => statusOf(card.id)).toBe("IN_PROGRESS");
  const history = drawer.getByTestId("drawer-history");
  await expect(history).toContainText("Oscar Ortiz assigned it to Olga Petrova and moved it from Approved to Assigned");
  await expect(history).toContainText("Oscar Ortiz moved it from Assigned to In progress");
  await expect(history).toContainText("Oscar Ortiz edited the priority");
  await expect(history).toContainText("Priority: Normal → Urgent");
  await expect(history).toContainText("Needed-by date: none → 2027-03-01");
  await expect(history).not.toContainText("assigneeId");
  await expect(history).not.toContainText("IN_PROGRESS");
  // The board took the changes without a reload.
  await expect(page.getByTestId("column-IN_PROGRESS").getByTestId(`card-${card.id}`)).toContainText("Urgent");

  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await expect(page).not.toHaveURL(/task=/);

  // The URL opens it; the back button closes it.
  await page.goto(`/board?q=${encodeURIComponent("BUX panel")}&task=${card.key}`);
  await expect(page.getByTestId("task-drawer")).toContainText("BUX panel sample");
  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("task-drawer")).toHaveCount(0);
  await page.getByRole("button", { name: "BUX panel sample", exact: true }).click();
  await expect(page.getByTestId("task-drawer")).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId("task-drawer")).toHaveCount(0);
  await expect(page).not.toHaveURL(/task=/);

  // The task page tells the same history in the same words.
  await page.goto(`/tasks/${card.key}`);
  await expect(page.getByTestId("task-history")).toContainText("Oscar Ortiz assigned it to Olga Petrova and moved it from Approved to Assigned");
});

test("a move made offline returns the card with the reason and a Retry that works once back online", async ({ browser }) => {
  const card = await makeTask(browser, "BUX offline sample");
  const page = await signedIn(browser, "oscar");
  await openBoard(page, "BUX offline");
  await page.context().setOffline(true);
  await dragOver(page, handleOf(page, card.id), page.getByTestId("column-ASSIGNED"));
  await page.mouse.up();
  const message = page.getByTestId("board-message");
  await expect(message).toContainText(`${card.key} "BUX offline sample" is back in Approved — unassigned: The server could not be reached`);
  await expect(page.getByTestId("column-APPROVED").getByTestId(`card-${card.id}`)).toBeVisible({ timeout: 2_000 });
  expect(await statusOf(card.id)).toBe("APPROVED");
  await page.context().setOffline(false);
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("column-ASSIGNED").getByTestId(`card-${card.id}`)).toBeVisible();
  await expect.poll(() => statusOf(card.id)).toBe("ASSIGNED");
});

test("a bulk move says which card was refused and why, in people's words, and keeps it selected", async ({ browser }) => {
  const approved = await makeTask(browser, "BUX bulk approved");
  const assigned = await makeTask(browser, "BUX bulk assigned");
  const page = await signedIn(browser, "oscar");
  expect((await page.request.post(`/api/v1/tasks/${assigned.id}/assign`, { data: { assignee: "opal" } })).status()).toBe(200);
  await openBoard(page, "BUX bulk");
  await page.getByTestId(`card-${approved.id}`).getByRole("checkbox").check();
  await page.getByTestId(`card-${assigned.id}`).getByRole("checkbox").check();
  await expect(page.getByText("2 selected")).toBeVisible();
  await page.getByLabel("Move selected to").selectOption("IN_PROGRESS");
  const message = page.getByTestId("board-message");
  await expect(message).toContainText("1 of 2 cards moved to In progress.");
  await expect(page.getByTestId("bulk-failures")).toContainText(`${approved.key} “BUX bulk approved”: A task cannot go from approved to in progress.`);
  await expect(message).not.toContainText("IN_PROGRESS");
  await expect(page.getByText("1 selected")).toBeVisible();
  await expect(page.getByTestId(`card-${approved.id}`).getByRole("checkbox")).toBeChecked();
  await expect(page.getByTestId("column-IN_PROGRESS").getByTestId(`card-${assigned.id}`)).toBeVisible();
  expect(await statusOf(approved.id)).toBe("APPROVED");
  expect(await statusOf(assigned.id)).toBe("IN_PROGRESS");
});

test("approving offers Undo for 10 seconds, on the approval queue and on the task page; the undo is its own event", async ({ browser }) => {
  const queued = await makeTask(browser, "BUX approve from queue", { approve: false });
  const onPage = await makeTask(browser, "BUX approve from page", { approve: false });
  const nina = await signedIn(browser, "nina");
  await nina.goto("/tasks");
  const item = nina.getByTestId(`queue-${queued.id}`);
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(item.getByTestId("undo-toast")).toContainText("Approve: done.");
  await expect.poll(() => statusOf(queued.id)).toBe("APPROVED");
  await item.getByRole("button", { name: "Undo" }).click();
  await expect.poll(() => statusOf(queued.id)).toBe("REQUESTED");
  const [undone, approved] = await lastEvent(queued.id);
  expect(undone).toMatchObject({ kind: "UNDONE", undoesId: approved.id, fromStatus: "APPROVED", toStatus: "REQUESTED" });

  await nina.goto(`/tasks/${onPage.id}`);
  await nina.getByRole("button", { name: "Approve" }).click();
  await expect(nina.getByText("Now approved.")).toBeVisible();
  await nina.getByTestId("undo-toast").getByRole("button", { name: "Undo" }).focus();
  await nina.keyboard.press("Enter");
  await expect(nina.getByText("Undone: it is requested again.")).toBeVisible();
  expect(await statusOf(onPage.id)).toBe("REQUESTED");
  await expect(nina.getByTestId("task-history")).toContainText("Nina Kowalski undid their last change, back to Requested");

  // Reject is destructive: it says so and asks for a reason before it happens.
  await nina.getByRole("button", { name: "Reject…" }).click();
  await expect(nina.getByText("Rejecting closes the request for good")).toBeVisible();
  expect(await statusOf(onPage.id)).toBe("REQUESTED");
});

test("the board fills a wide screen with sticky headers, per-lane counts, collapsible lanes and columns, chips that apply at once", async ({ browser }) => {
  await makeTask(browser, "BUX lanes nova one");
  await makeTask(browser, "BUX lanes nova two");
  await makeTask(browser, "BUX lanes dune one", { experiment: "dune" });
  const page = await signedIn(browser, "oscar");
  await page.setViewportSize({ width: 1440, height: 900 });
  await openBoard(page, "BUX lanes", "&lane=experiment");
  const width = (await page.getByTestId("board-scroll").boundingBox())!.width;
  expect(width).toBeGreaterThan(1380);
  expect(await page.getByTestId("header-APPROVED").evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
  await expect(page.getByTestId("lane-count-NOvA")).toHaveText("2 cards");
  await expect(page.getByTestId("lane-count-DUNE")).toHaveText("1 card");
  await expect(page.getByRole("region", { name: "Lane DUNE" }).getByTestId("lane-column-count-APPROVED")).toHaveText("1 card in this lane");
  await expect(page.getByTestId("lane-toggle-ICARUS")).toHaveAttribute("aria-expanded", "false");
  await page.getByTestId("lane-toggle-NOvA").click();
  await expect(page.getByTestId("lane-toggle-NOvA")).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("region", { name: "Lane NOvA" }).locator("[data-testid^=card-]")).toHaveCount(0);
  await page.getByRole("button", { name: "Collapse In progress" }).click();
  await expect(page.getByRole("button", { name: "Expand In progress" })).toHaveAttribute("aria-expanded", "false");

  await page.getByRole("button", { name: "High", exact: true }).click();
  await expect(page).toHaveURL(/priority=HIGH/);
  await expect(page.getByRole("button", { name: "High", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("board-empty")).toContainText("Nothing matches these filters.");
  await page.getByRole("button", { name: "High", exact: true }).click();
  await expect(page).not.toHaveURL(/priority=/);
  await expect(page.getByTestId("lane-count-NOvA")).toHaveText("2 cards");
});

test("on a phone the board is one column at a time, with tabs", async ({ browser }) => {
  const card = await makeTask(browser, "BUX phone sample");
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signIn(page, "oscar");
  await openBoard(page, "BUX phone");
  await expect(page.getByRole("tab", { name: /Approved/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("column-APPROVED").getByTestId(`card-${card.id}`)).toBeVisible();
  await expect(page.getByTestId("column-ASSIGNED")).toBeHidden();
  await page.getByRole("tab", { name: /Assigned/ }).click();
  await expect(page.getByTestId("column-ASSIGNED")).toBeVisible();
  await expect(page.getByTestId("column-APPROVED")).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(391);
});

for (const theme of ["light", "dark"] as const) {
  test(`the board and its open card panel are accessible in the ${theme} theme`, async ({ browser }) => {
    const card = await makeTask(browser, `BUX axe ${theme}`, { description: "Some **text**." });
    const context = await browser.newContext();
    await setTheme(context, theme);
    const page = await context.newPage();
    await signIn(page, "oscar");
    await page.goto(`/board?q=${encodeURIComponent(`BUX axe ${theme}`)}`);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);
    await page.goto(`/board?q=${encodeURIComponent(`BUX axe ${theme}`)}&task=${card.key}`);
    await expect(page.getByTestId("task-drawer")).toContainText("Some text.");
    await expectAccessible(page);
  });
}
