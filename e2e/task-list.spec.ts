import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { signIn, setTheme, expectAccessible, count, query } from "./helpers";

const key = (exp: string, n: number) => `${exp.toUpperCase()}-${n}`;

test.describe("the Tasks list", () => {
  test("OPOS finds work by key and words; filters, sort, grouping and page live in the URL", async ({ page }) => {
    await signIn(page, "oscar");
    await page.goto("/tasks");
    const total = await count(`SELECT count(*) AS n FROM "Task"`);
    await expect(page.getByTestId("task-total")).toHaveText(`${total.toLocaleString("en")} in all`);

    const [t] = await query<{ name: string; number: number; title: string }>(`SELECT e.name, t."number", t.title FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'uboone' ORDER BY t.id LIMIT 1`);
    await page.getByTestId("task-search").fill(key(t.name, t.number));
    await expect(page).toHaveURL(new RegExp(`q=${key(t.name, t.number)}`));
    await expect(page.locator("[data-task-row]").first()).toContainText(t.title);

    // Words: every word is the start of a word in the title, description or dataset.
    await page.getByTestId("task-search").fill("reproc");
    await expect(page).toHaveURL(/q=reproc/);
    const reproc = await count(`SELECT count(*) AS n FROM "Task" WHERE to_tsvector('simple', title || ' ' || description || ' ' || "inputDataset") @@ to_tsquery('simple', 'reproc:*')`);
    await expect(page.getByTestId("task-total")).toHaveText(`${reproc} matching`);

    await page.getByTestId("task-search").fill("zzqx-nothing-like-this");
    await expect(page.getByTestId("nothing-matches")).toBeVisible();
    await page.getByTestId("clear-filters").click();
    await expect(page).toHaveURL(/\/tasks$/);

    await page.getByTestId("filter-state").selectOption("open");
    await expect(page).toHaveURL(/state=open/);
    const open = await count(`SELECT count(*) AS n FROM "Task" WHERE status IN ('REQUESTED','CHANGES_REQUESTED','APPROVED','ASSIGNED','IN_PROGRESS','ON_HOLD')`);
    await expect(page.getByTestId("task-total")).toHaveText(`${open} matching`);

    await page.getByTestId("sort-title").click();
    await expect(page).toHaveURL(/sort=title/);
    await expect(page.getByRole("columnheader", { name: /Title/ })).toHaveAttribute("aria-sort", "ascending");
    const titles = await page.locator("[data-task-row] [data-row-link]").allTextContents();
    const sorted = await query<{ title: string }>(`SELECT title FROM "Task" WHERE status IN ('REQUESTED','CHANGES_REQUESTED','APPROVED','ASSIGNED','IN_PROGRESS','ON_HOLD') ORDER BY lower(title), id LIMIT 50`);
    expect(titles).toEqual(sorted.map((r) => r.title));
    await page.getByTestId("sort-title").click();
    await expect(page.getByRole("columnheader", { name: /Title/ })).toHaveAttribute("aria-sort", "descending");

    await page.getByTestId("filter-group").selectOption("state");
    await expect(page).toHaveURL(/group=state/);
    const headings = page.getByTestId("group-heading");
    await expect(headings.first()).toBeVisible();
    const byState = await query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM "Task" WHERE status IN ('REQUESTED','CHANGES_REQUESTED','APPROVED','ASSIGNED','IN_PROGRESS','ON_HOLD') GROUP BY status`);
    const first = (await headings.first().textContent()) ?? "";
    expect(byState.some((r) => first.includes(`(${r.n})`))).toBe(true);

    // Reload keeps everything; the page size and paging links carry the filters.
    await page.reload();
    await expect(page.getByTestId("filter-state")).toHaveValue("open");
    await expect(page.getByTestId("filter-group")).toHaveValue("state");
    await page.goto("/tasks?pageSize=25");
    await page.getByTestId("pagination").getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByTestId("pagination").getByText("2", { exact: true })).toHaveAttribute("aria-current", "page");
  });

  test("a search typed while the page is still coming alive is kept and applied", async ({ page }) => {
    await signIn(page, "oscar");
    // Hold the page's scripts back (a slow machine): the box is there before React is.
    let release!: () => void;
    const scripts = new Promise<void>((r) => (release = r));
    await page.route(/\/_next\/static\/chunks\/.*\.js/, async (route) => {
      await scripts;
      await route.continue();
    });
    await page.goto("/tasks", { waitUntil: "domcontentloaded" });
    await page.getByTestId("task-search").fill("reproc");
    release();
    await expect(page).toHaveURL(/q=reproc/);
    await expect(page.getByTestId("task-search")).toHaveValue("reproc");
  });

  test("Mine is one filter: requested by me or assigned to me", async ({ page }) => {
    await signIn(page, "noah");
    await page.goto("/tasks");
    await page.getByTestId("filter-mine").check();
    await expect(page).toHaveURL(/mine=1/);
    const noah = await count(`SELECT id AS n FROM "Person" WHERE username = 'noah'`);
    const mine = await count(`SELECT count(*) AS n FROM "Task" WHERE "requesterId" = $1 OR "assigneeId" = $1`, [noah]);
    await expect(page.getByTestId("task-total")).toHaveText(`${mine} matching`);
  });

  test("a member sees only their experiments; a manager sees all and is offered no request button", async ({ page, browser }) => {
    await signIn(page, "diego");
    await page.goto("/tasks?experiment=nova");
    const diego = await count(`SELECT id AS n FROM "Person" WHERE username = 'diego'`);
    const own = await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova' AND t."requesterId" = $1`, [diego]);
    await expect(page.locator("[data-task-row]")).toHaveCount(own);
    await expect(page.getByRole("link", { name: "Request a task" })).toBeVisible();

    const maria = await (await browser.newContext()).newPage();
    await signIn(maria, "maria");
    await maria.goto("/tasks");
    await expect(maria.getByTestId("task-total")).toHaveText(`${(await count(`SELECT count(*) AS n FROM "Task"`)).toLocaleString("en")} in all`);
    await expect(maria.getByRole("link", { name: "Request a task" })).toHaveCount(0);
    await expect(maria.getByTestId("bulk-bar")).toHaveCount(0);
  });

  test("CSV export holds the filtered list, with formula cells defused", async ({ page }) => {
    await signIn(page, "ned");
    const created = await page.request.post("/api/v1/tasks", { data: { experiment: "nova", title: '=HYPERLINK("http://evil.example","csv trap")', kind: "OTHER" } });
    expect(created.status()).toBe(201);
    await page.goto("/tasks?q=csv+trap");
    const download = page.waitForEvent("download");
    await page.getByTestId("export-csv").click();
    const file = await (await download).path();
    const text = readFileSync(file!, "utf8");
    expect(text.startsWith("\uFEFFKey,Title,Experiment")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""csv trap"")"`);
    const all = await page.request.get("/api/v1/tasks/export?experiment=nova");
    expect(all.headers()["content-disposition"]).toMatch(/attachment; filename="poms-tasks-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = (await all.text()).trim().split("\r\n").length - 1;
    expect(rows).toBe(await count(`SELECT count(*) AS n FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'nova'`));
  });

  test("bulk changes answer per task and keep the refused ones selected", async ({ page }) => {
    await signIn(page, "olga");
    await page.goto("/tasks?state=APPROVED&experiment=dune&sort=key");
    const rows = page.locator("[data-task-row]");
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const keys = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!.replace("task-row-", "")))).slice(0, 2);
    for (const k of keys) await page.getByLabel(`Select ${k}`).check();
    await expect(page.getByTestId("bulk-bar")).toContainText("2 selected");
    // Someone else changes the second task after the page was read: its version is stale.
    const number = Number(keys[1].split("-")[1]);
    await query(`UPDATE "Task" SET version = version + 1 WHERE "number" = $1 AND "experimentId" = (SELECT id FROM "Experiment" WHERE name = 'dune')`, [number]);
    await page.getByLabel("Assign the selected tasks to").selectOption("olga");
    const message = page.getByTestId("bulk-message");
    await expect(message).toContainText("1 of 2 tasks assigned.");
    await expect(message.getByRole("link", { name: keys[1] })).toBeVisible();
    await expect(page.getByTestId("bulk-bar")).toContainText("1 selected");
    await expect(page.getByLabel(`Select ${keys[1]}`)).toBeChecked();

    // Priority in bulk, with the same per-task answers; the page shows the new priority.
    await page.goto("/tasks?state=APPROVED,ASSIGNED&experiment=dune&sort=key&pageSize=200");
    for (const k of keys) await page.getByLabel(`Select ${k}`).check();
    await page.getByLabel("Set the priority of the selected tasks").selectOption("URGENT");
    await expect(page.getByTestId("bulk-message")).toContainText("2 of 2 tasks set to Urgent priority.");
    const numbers = keys.map((k) => Number(k.split("-")[1]));
    const rows2 = await query<{ priority: string }>(`SELECT priority FROM "Task" WHERE "number" = ANY($1::int[]) AND "experimentId" = (SELECT id FROM "Experiment" WHERE name = 'dune')`, [numbers]);
    expect(rows2.map((r) => r.priority)).toEqual(["URGENT", "URGENT"]);
    await expect(page.getByTestId(`task-row-${keys[0]}`)).toContainText("Urgent");
  });

  test("a coordinator re-plans priority in bulk from the list; moves and assignment stay with OPOS", async ({ page }) => {
    await signIn(page, "nina"); // NOvA's coordinator
    await page.goto("/tasks?state=APPROVED&sort=key");
    await expect(page.getByLabel("Move the selected tasks to")).toHaveCount(0);
    const rows = page.locator("[data-task-row]");
    const keys = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!.replace("task-row-", "")));
    const nova = keys.filter((k) => k.startsWith("NOVA-")).slice(0, 1);
    expect(nova).toHaveLength(1);
    await page.getByLabel(`Select ${nova[0]}`).check();
    await page.getByLabel("Set the priority of the selected tasks").selectOption("LOW");
    await expect(page.getByTestId("bulk-message")).toContainText("1 of 1 task set to Low priority.");
    const [row] = await query<{ priority: string }>(`SELECT priority FROM "Task" WHERE "number" = $1 AND "experimentId" = (SELECT id FROM "Experiment" WHERE name = 'nova')`, [Number(nova[0].split("-")[1])]);
    expect(row.priority).toBe("LOW");
  });

  test("a 200-character word in a title wraps: every column stays in view", async ({ page }) => {
    await signIn(page, "ned");
    const word = `Longword${"x".repeat(192)}`;
    expect((await page.request.post("/api/v1/tasks", { data: { experiment: "nova", title: word, kind: "OTHER" } })).status()).toBe(201);
    await page.goto("/tasks?q=longword");
    await expect(page.locator("[data-task-row]")).toHaveCount(1);
    for (const name of ["Key", "Title", "Experiment", "Priority", "State", "Assignee", "Needed by", "Updated"]) await expect(page.getByRole("columnheader", { name })).toBeInViewport();
  });

  for (const theme of ["light", "dark"] as const) {
    test(`is accessible in the ${theme} theme`, async ({ page, context }) => {
      await setTheme(context, theme);
      await signIn(page, "oscar");
      await page.goto("/tasks?group=state&state=open");
      await expect(page.getByTestId("task-table")).toBeVisible();
      await expectAccessible(page);
    });
  }
});

test("every dashboard figure equals the total of the list it links to, for each role", async ({ page }) => {
  for (const who of ["ned", "nina", "oscar", "maria"]) {
    await signIn(page, who);
    const figures = page.locator('a[data-testid$="-link"]');
    const n = await figures.count();
    expect(n, `${who} has figures`).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const href = (await figures.nth(i).getAttribute("href"))!;
      if (!href.startsWith("/tasks?")) continue;
      const value = Number(await figures.nth(i).locator('[data-testid^="stat-"]').textContent());
      const api = await (await page.request.get(`/api/v1/tasks?${href.split("?")[1]}&pageSize=1`)).json();
      expect(api.total, `${who}: ${href}`).toBe(value);
    }
    await page.context().clearCookies();
  }
});
