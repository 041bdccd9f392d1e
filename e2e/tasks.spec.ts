import { test, expect, type Page, type Locator } from "@playwright/test";
import { signIn, count, query, dragOver } from "./helpers";

const TITLE = "E2E reprocess far detector run 60";
const taskId = async () => count(`SELECT id AS n FROM "Task" WHERE title LIKE $1 ORDER BY id DESC LIMIT 1`, [`${TITLE}%`]);
const statusOf = async (id: number) => (await query<{ status: string }>(`SELECT status FROM "Task" WHERE id = $1`, [id]))[0].status;
const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function mouseDrag(page: Page, handle: Locator, target: Locator) {
  await dragOver(page, handle, target);
  await page.mouse.up();
}

async function openBoard(page: Page, q = "E2E") {
  await page.goto(`/board?q=${encodeURIComponent(q)}`);
  await page.waitForLoadState("networkidle"); // hydrated before dragging
}

test.describe.serial("a request from asking to running", () => {
  test("an experimenter's bad input is refused with messages and nothing is saved; valid input is saved", async ({ page }) => {
    await signIn(page, "ned");
    const lastId = await count(`SELECT COALESCE(max(id), 0) AS n FROM "Task"`);
    await page.goto("/tasks/new");
    await page.getByRole("main").getByLabel("Experiment").selectOption("nova");
    await page.getByLabel("Title").fill("   ");
    await page.getByLabel("Needed by").fill("2020-01-01");
    await page.getByLabel("Estimated files").fill("-4");
    await page.getByLabel("Links (one per line)").fill("not a url");
    await page.getByRole("button", { name: "Submit request" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Please fix");
    await expect(page.locator("#title-error")).toHaveText("Title is required.");
    await expect(page.locator("#neededBy-error")).toHaveText("Needed-by cannot be in the past.");
    await expect(page.locator("#estimatedFiles-error")).toHaveText("Estimated files must be at least 1.");
    await expect(page.locator("#links-error")).toHaveText('The link ("not a url") is not a full web address: it must start with https:// or http://.');
    await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    // What the person typed is still there to correct.
    await expect(page.getByRole("main").getByLabel("Experiment")).toHaveValue("nova");
    await expect(page.getByLabel("Needed by")).toHaveValue("2020-01-01");
    await expect(page.getByLabel("Links (one per line)")).toHaveValue("not a url");
    expect(await count(`SELECT count(*) AS n FROM "Task" WHERE id > $1`, [lastId])).toBe(0);

    await page.getByLabel("Title").fill(TITLE);
    await page.getByLabel("Description (Markdown)").fill("Please **reprocess** with the new calibration.\n<script>window.hacked=1</script>");
    await page.getByLabel("Input dataset or query").fill("defname: nova_fd_run60_raw");
    await page.getByLabel("Software version").fill("v3.2.1");
    await page.getByLabel("Estimated files").fill("1200");
    await page.getByLabel("Needed by").fill(future);
    await page.getByLabel("Links (one per line)").fill("https://wiki.example.org/run60");
    await page.getByRole("button", { name: "Submit request" }).click();
    await expect(page.getByTestId("task-title")).toHaveText(TITLE);
    await expect(page.getByTestId("task-description")).toContainText("<script>window.hacked=1</script>");
    await expect(page.getByTestId("task-description").locator("strong")).toHaveText("reprocess");
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    await page.goto("/tasks");
    await expect(page.getByRole("link", { name: TITLE })).toBeVisible();
  });

  test("a coordinator of another experiment cannot approve it, in the UI or the API", async ({ page }) => {
    const id = await taskId();
    await signIn(page, "dana");
    await page.goto("/tasks");
    await expect(page.getByRole("link", { name: TITLE })).toHaveCount(0);
    await page.goto(`/tasks/${id}`);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    const r = await page.request.post(`/api/v1/tasks/${id}/transitions`, { data: { to: "APPROVED" } });
    expect([403, 404]).toContain(r.status());
    expect(await statusOf(id)).toBe("REQUESTED");
  });

  test("the right coordinator asks for changes, the requester edits and resubmits, the coordinator approves", async ({ browser }) => {
    const id = await taskId();
    const nina = await (await browser.newContext()).newPage();
    await signIn(nina, "nina");
    await nina.goto("/tasks");
    const card = nina.getByTestId(`queue-${id}`);
    await card.getByRole("button", { name: "Ask for changes…" }).click();
    await card.getByLabel("Reason to ask for changes").fill("Please name the calibration tag in the title.");
    await card.getByRole("button", { name: "Confirm: Ask for changes" }).click();
    await expect(card).toHaveCount(0); // decided: it leaves the queue
    await expect.poll(() => statusOf(id)).toBe("CHANGES_REQUESTED");

    const ned = await (await browser.newContext()).newPage();
    await signIn(ned, "ned");
    await ned.goto(`/tasks/${id}`);
    await expect(ned.getByText("Nina Kowalski: Please name the calibration tag in the title.")).toBeVisible();
    await ned.getByLabel("Title").fill(`${TITLE} (calib v7)`);
    await ned.getByRole("button", { name: "Save changes" }).click();
    await expect(ned.getByText("Saved.")).toBeVisible();
    await ned.reload();
    await ned.getByRole("button", { name: "Resubmit" }).click();
    await expect(ned.getByText("Now requested.")).toBeVisible();

    await nina.goto("/tasks");
    await nina.getByTestId(`queue-${id}`).getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => statusOf(id)).toBe("APPROVED");
    await nina.goto(`/tasks/${id}`);
    await expect(nina.getByTestId("task-history")).toContainText("edited the title");
    await expect(nina.getByTestId("task-history")).toContainText("(calib v7)");
  });

  test("an OPOS operator drags it to Assigned with the mouse, then to In progress with the keyboard", async ({ page }) => {
    const id = await taskId();
    await signIn(page, "oscar");
    await openBoard(page);
    const card = page.getByTestId(`card-${id}`);
    await expect(page.getByTestId("column-APPROVED").getByTestId(`card-${id}`)).toBeVisible();
    await mouseDrag(page, card.getByRole("button", { name: /^Move / }), page.getByTestId("column-ASSIGNED"));
    await expect(page.getByTestId("column-ASSIGNED").getByTestId(`card-${id}`)).toBeVisible();
    await expect.poll(() => statusOf(id)).toBe("ASSIGNED");
    expect(await count(`SELECT "assigneeId" AS n FROM "Task" WHERE id = $1`, [id])).toBe(await count(`SELECT id AS n FROM "Person" WHERE username = 'oscar'`));

    const handle = page.getByTestId(`card-${id}`).getByRole("button", { name: /^Move / });
    await handle.focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(200);
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    await page.keyboard.press("Space");
    await expect.poll(() => statusOf(id)).toBe("IN_PROGRESS");
    await expect(page.getByTestId("column-IN_PROGRESS").getByTestId(`card-${id}`)).toBeVisible();
  });

  test("the requester sees the new state and their notifications", async ({ page }) => {
    await signIn(page, "ned");
    await expect(page.getByTestId("unread-count")).toBeVisible();
    await page.goto("/tasks?mine=1");
    await expect(page.locator("[data-task-row]").filter({ hasText: TITLE })).toContainText("In progress");
    await page.getByTestId("notifications-link").click();
    await expect(page.getByTestId("notifications")).toContainText("is now in progress");
    await expect(page.getByTestId("notifications")).toContainText("assigned to Oscar Ortiz");
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect(page.getByTestId("unread-count")).toHaveCount(0);
  });

  test("a hard WIP limit refuses a move with a message", async ({ page }) => {
    await signIn(page, "oscar");
    const approved = await count(`SELECT id AS n FROM "Task" WHERE status = 'APPROVED' ORDER BY id LIMIT 1`);
    const inAssigned = await count(`SELECT count(*) AS n FROM "Task" WHERE status = 'ASSIGNED'`);
    const set = await page.request.put("/api/v1/wip-limits", { data: { status: "ASSIGNED", softLimit: null, hardLimit: inAssigned } });
    expect(set.status()).toBe(200);
    try {
      await page.goto("/board");
      await page.waitForLoadState("networkidle");
      await mouseDrag(page, page.getByTestId(`card-${approved}`).getByRole("button", { name: /^Move / }), page.getByTestId("column-ASSIGNED"));
      await expect(page.getByTestId("board-message")).toContainText("hard limit");
      await expect(page.getByTestId("column-APPROVED").getByTestId(`card-${approved}`)).toBeVisible();
      expect(await statusOf(approved)).toBe("APPROVED");
    } finally {
      await page.request.put("/api/v1/wip-limits", { data: { status: "ASSIGNED", softLimit: null, hardLimit: null } });
    }
  });

  test("a filter survives reload through the URL", async ({ page }) => {
    await signIn(page, "oscar");
    await page.goto("/board");
    await page.waitForLoadState("networkidle"); // hydrated: typing before it can be lost to the first render
    await page.getByLabel("Text").fill("calib v7");
    await page.getByLabel("Swimlanes").selectOption("experiment");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/q=calib\+v7/);
    await page.reload();
    await expect(page.getByLabel("Text")).toHaveValue("calib v7");
    await expect(page.getByRole("region", { name: "Lane NOvA" })).toBeVisible();
    await expect(page.locator("[data-testid^=card-]")).toHaveCount(1);
  });

  test("two people move the same card: the other sees it live, and a stale move is refused and explained", async ({ browser }) => {
    const id = await taskId();
    const oscar = await (await browser.newContext()).newPage();
    const olga = await (await browser.newContext()).newPage();
    await signIn(oscar, "oscar");
    await signIn(olga, "olga");
    await openBoard(oscar);
    await openBoard(olga);
    await expect(olga.getByTestId("column-IN_PROGRESS").getByTestId(`card-${id}`)).toBeVisible();

    // Oscar moves it back to Assigned: Olga's board shows it within 5 s without reload.
    await mouseDrag(oscar, oscar.getByTestId(`card-${id}`).getByRole("button", { name: /^Move / }), oscar.getByTestId("column-ASSIGNED"));
    await expect.poll(() => statusOf(id)).toBe("ASSIGNED");
    await expect(olga.getByTestId("column-ASSIGNED").getByTestId(`card-${id}`)).toBeVisible({ timeout: 5_000 });

    // Olga's board stops refreshing (a slow network); Oscar moves the card again; Olga's move is stale.
    await olga.route("**/api/v1/board?**", (route) => (route.request().method() === "GET" ? route.abort() : route.continue()));
    const version = await count(`SELECT version AS n FROM "Task" WHERE id = $1`, [id]);
    const r = await oscar.request.post("/api/v1/board/moves", { data: { taskId: id, to: "IN_PROGRESS", version } });
    expect(r.status()).toBe(200);
    await olga.unroute("**/api/v1/board?**");
    await olga.route("**/api/v1/board?**", (route) => route.continue());
    await mouseDrag(olga, olga.getByTestId(`card-${id}`).getByRole("button", { name: /^Move / }), olga.getByTestId("column-APPROVED"));
    await expect(olga.getByTestId("board-message")).toContainText("Someone else changed this task first");
    await expect(olga.getByTestId("column-IN_PROGRESS").getByTestId(`card-${id}`)).toBeVisible({ timeout: 5_000 });
    expect(await statusOf(id)).toBe("IN_PROGRESS");
  });
});
