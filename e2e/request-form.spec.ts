import { test, expect, type Page } from "@playwright/test";
import { signIn, setTheme, expectAccessible, count, query } from "./helpers";

// Issue 7, items 8 (the request form), 9 (Markdown with GitHub's extensions, preview) and 7 (deactivating asks first).
const TITLE = "E2E form: reprocess far detector run 61";
const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const DESCRIPTION = [
  "| Stage | Files |",
  "|:--|--:|",
  "| reco | 1,200 |",
  "",
  "- [x] calibration v7 tagged",
  "- [ ] reprocess",
  "",
  "Notes on https://wiki.example.org/run61",
  "",
  "> check the **beam** flags",
  "",
  "<script>window.pwned=1</script>",
  "",
  "[click me](javascript:window.pwned=2) and <img src=x onerror=\"window.pwned=3\">",
].join("\n");

async function bothThemes(page: Page, check: () => Promise<void>) {
  for (const theme of ["light", "dark"] as const) {
    await setTheme(page.context(), theme);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await check();
    await expectAccessible(page);
  }
}

test.describe.serial("the request form", () => {
  test("marks required fields, helps with examples, explains what happens next, and passes axe in both themes", async ({ page }) => {
    await signIn(page, "ned");
    await page.goto("/tasks/new");
    await bothThemes(page, async () => {
      const main = page.getByRole("main");
      await expect(main.getByRole("combobox", { name: "Experiment (required)" })).toBeVisible();
      await expect(main.getByRole("combobox", { name: "Kind of work (required)" })).toBeVisible();
      await expect(main.getByRole("textbox", { name: "Title (required)" })).toHaveAccessibleDescription(/Example: Reprocess far-detector run 60/);
      await expect(main.getByRole("textbox", { name: "Description (Markdown)", exact: true })).toBeVisible(); // optional: no marker
      await expect(main.getByLabel("Estimated files")).toHaveAccessibleDescription("A whole number; 120,000 and 120000 both work.");
      await expect(main.getByLabel("Links (one per line)")).toHaveAccessibleDescription(/full addresses starting with https:\/\//);
      await expect(page.getByTestId("what-happens-next")).toContainText("coordinator reviews your request");
    });
  });

  test("errors: beside their fields, once each by label in a summary that takes focus and links to them; nothing saved", async ({ page }) => {
    await signIn(page, "ned");
    const lastId = await count(`SELECT COALESCE(max(id), 0) AS n FROM "Task"`);
    await page.goto("/tasks/new");
    await page.getByLabel("Title").fill("  ");
    await page.getByLabel("Estimated files").fill("12,00");
    await page.getByLabel("Estimated events").fill("1.5");
    await page.getByLabel("Needed by").fill("2020-01-01");
    await page.getByLabel("Links (one per line)").fill("https://wiki.example.org/ok\nnot a url");
    await page.getByRole("button", { name: "Submit request" }).click();

    const summary = page.getByTestId("error-summary");
    await expect(summary).toBeFocused();
    await expect(summary).toHaveAttribute("role", "alert");
    const lines = [
      ["#title", "Title is required."],
      ["#estimatedFiles", "Estimated files has its digits grouped oddly: write it like 120,000 or 120000."],
      ["#estimatedEvents", "Estimated events must be a whole number, like 120,000."],
      ["#neededBy", "Needed-by cannot be in the past."],
      ["#links", 'Links: Link 2 ("not a url") is not a full web address: it must start with https:// or http://.'],
    ];
    await expect(summary.getByRole("link")).toHaveText(lines.map(([, text]) => text));
    for (const [href, text] of lines) await expect(summary.getByRole("link", { name: text, exact: true })).toHaveAttribute("href", href);
    await expect(summary).not.toContainText(/estimatedFiles|neededBy|links\.\d|estimatedEvents/);

    // Beside each field, tied to it.
    const files = page.getByLabel("Estimated files");
    await expect(page.locator("#estimatedFiles-error")).toContainText(lines[1][1]);
    await expect(files).toHaveAttribute("aria-invalid", "true");
    await expect(files).toHaveAccessibleDescription(/grouped oddly/);
    await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Software version")).not.toHaveAttribute("aria-invalid");
    // The summary's link takes the person to the field.
    await summary.getByRole("link", { name: lines[1][1] }).click();
    await expect(files).toBeFocused();
    // What was typed is kept; nothing was saved.
    await expect(files).toHaveValue("12,00");
    expect(await count(`SELECT count(*) AS n FROM "Task" WHERE id > $1`, [lastId])).toBe(0);
    await bothThemes(page, async () => {}); // the reload clears the errors; axe on the fresh form
    await page.getByRole("button", { name: "Submit request" }).click();
    await expect(summary).toBeFocused();
    await expectAccessible(page); // dark theme, with errors showing
  });

  test("a count written 120,000 is stored as 120000 and shown as 120,000; Markdown previews while typing and renders GFM, inert", async ({ page }) => {
    await signIn(page, "ned");
    await page.goto("/tasks/new");
    await page.getByRole("main").getByLabel("Experiment").selectOption("nova");
    await page.getByLabel("Title").fill(TITLE);
    await page.getByLabel("Estimated files").fill("120,000");
    await page.getByLabel("Estimated events").fill("5 000 000");
    await page.getByLabel("Needed by").fill(future);
    await page.getByLabel("Links (one per line)").fill("https://wiki.example.org/run61\nhttps://tickets.example.org/61");

    const description = page.getByLabel("Description (Markdown)");
    const preview = page.getByTestId("description-preview");
    await expect(preview).toHaveCount(0);
    await description.fill(DESCRIPTION);
    await expect(preview.locator("table th").first()).toHaveText("Stage");
    await expect(preview.getByRole("img", { name: "Done" })).toBeVisible();
    await description.press("End");
    await description.pressSequentially("\n\nAlso **urgent**");
    await expect(preview.locator("strong", { hasText: "urgent" })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Submit request" }).click();
    await expect(page.getByTestId("task-title")).toHaveText(TITLE);
    const [row] = await query<{ estimatedFiles: number; estimatedEvents: string; links: string[] }>(`SELECT "estimatedFiles", "estimatedEvents"::text, links FROM "Task" WHERE title = $1`, [TITLE]);
    expect(row).toEqual({ estimatedFiles: 120_000, estimatedEvents: "5000000", links: ["https://wiki.example.org/run61", "https://tickets.example.org/61"] });
    const details = page.getByRole("region", { name: "Request" });
    await expect(details.getByText("120,000", { exact: true })).toBeVisible();
    await expect(details.getByText("5,000,000", { exact: true })).toBeVisible();

    // The saved description: GFM rendered, raw HTML shown as text, the javascript: link inert.
    const shown = page.getByTestId("task-description");
    await expect(shown.locator("table td").nth(1)).toHaveText("1,200");
    await expect(shown.getByRole("img", { name: "Done" })).toBeVisible();
    await expect(shown.getByRole("img", { name: "To do" })).toBeVisible();
    await expect(shown.getByRole("link", { name: "https://wiki.example.org/run61" })).toHaveAttribute("href", "https://wiki.example.org/run61");
    await expect(shown.getByRole("link", { name: "https://wiki.example.org/run61" })).toHaveAttribute("rel", "noopener noreferrer nofollow");
    await expect(shown.locator("blockquote strong")).toHaveText("beam");
    await expect(shown).toContainText("<script>window.pwned=1</script>");
    await expect(shown.locator("script, img")).toHaveCount(0);
    const clickMe = shown.locator("a", { hasText: "click me" });
    expect(await clickMe.evaluate((a) => a.hasAttribute("href"))).toBe(false);
    await clickMe.click();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  test("the edit form shows counts as 120,000, reads them the same way, and Cancel puts it back", async ({ page }) => {
    await signIn(page, "ned");
    const id = await count(`SELECT id AS n FROM "Task" WHERE title = $1`, [TITLE]);
    await page.goto(`/tasks/${id}`);
    await page.getByText("Edit request").click();
    const files = page.getByLabel("Estimated files");
    await expect(files).toHaveValue("120,000");
    await expect(page.getByLabel("Estimated events")).toHaveValue("5,000,000");
    await expect(page.getByTestId("description-preview")).toContainText("Stage"); // the preview of the saved text
    await page.getByLabel("Title").fill("Something else entirely");
    await page.locator("details").getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByLabel("Title")).toBeHidden(); // the panel closed
    await page.getByText("Edit request").click();
    await expect(page.getByLabel("Title")).toHaveValue(TITLE);

    await files.fill("12,0000");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByTestId("error-summary")).toBeFocused();
    await expect(page.getByTestId("error-summary").getByRole("link")).toHaveText(["Estimated files has its digits grouped oddly: write it like 120,000 or 120000."]);
    await files.fill("130 000");
    await page.getByLabel("Estimated events").fill(""); // emptied: cleared, not left as it was
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    expect(await count(`SELECT "estimatedFiles" AS n FROM "Task" WHERE id = $1`, [id])).toBe(130_000);
    expect(await count(`SELECT count(*) AS n FROM "Task" WHERE id = $1 AND "estimatedEvents" IS NULL AND priority = 'NORMAL'`, [id])).toBe(1);
  });

  test("the comment form previews while typing and posts Markdown rendered inert", async ({ page }) => {
    await signIn(page, "ned");
    const id = await count(`SELECT id AS n FROM "Task" WHERE title = $1`, [TITLE]);
    await page.goto(`/tasks/${id}`);
    const box = page.getByLabel("Add a comment");
    const preview = page.getByTestId("comment-body-preview");
    await box.pressSequentially("- [ ] rerun ");
    await expect(preview.getByRole("img", { name: "To do" })).toBeVisible();
    await box.pressSequentially("www.example.org <script>window.pwned=4</script>");
    await expect(preview.getByRole("link", { name: "www.example.org" })).toHaveAttribute("href", "http://www.example.org");
    await expect(preview).toContainText("<script>window.pwned=4</script>");
    await bothThemes(page, async () => {
      await page.getByLabel("Add a comment").fill("| a | b |\n|---|---|\n| 1 | 2 |");
      await expect(preview.locator("table")).toBeVisible();
    });
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(page.getByText("Comment added.")).toBeVisible();
    await expect(page.getByLabel("Add a comment")).toHaveValue("");
    await expect(preview).toHaveCount(0); // the preview follows the emptied box
    await expect(page.getByRole("region", { name: "Comments" }).locator("article table")).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  test("Cancel returns to the task list without saving", async ({ page }) => {
    await signIn(page, "ned");
    const before = await count(`SELECT count(*) AS n FROM "Task"`);
    await page.goto("/tasks");
    await page.getByRole("main").getByRole("link", { name: "Request a task" }).click();
    await expect(page).toHaveURL(/\/tasks\/new$/);
    await page.getByLabel("Title").fill("Never mind");
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    expect(await count(`SELECT count(*) AS n FROM "Task"`)).toBe(before);
  });
});

test("deactivating a member asks first, naming the person and the experiment", async ({ page }) => {
  await signIn(page, "ivan"); // ICARUS coordinator; Iris is ICARUS production and no other spec relies on it
  await page.goto("/people?experiment=icarus");
  const active = () => count(`SELECT count(*) AS n FROM "Membership" m JOIN "Person" p ON p.id = m."personId" JOIN "Experiment" e ON e.id = m."experimentId" WHERE p.username = 'iris' AND e.name = 'icarus' AND m.active`);
  const row = page.getByTestId("member-iris");
  const opener = row.getByRole("button", { name: "Deactivate Iris Moreau" });
  const dialog = page.getByRole("dialog", { name: "Deactivate Iris Moreau in ICARUS?" });

  await opener.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("loses their ICARUS role");
  await expect(dialog.getByRole("button", { name: "Keep Iris Moreau" })).toBeFocused(); // the safe choice first
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(row.getByTestId("member-status")).toHaveText("Active");
  expect(await active()).toBe(1);

  // Keyboard only: open, move to the destructive button, confirm.
  await bothThemes(page, async () => {
    await page.getByTestId("member-iris").getByRole("button", { name: "Deactivate Iris Moreau" }).click();
    await expect(dialog).toBeVisible();
  });
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Deactivate Iris Moreau" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("status")).toHaveText("Deactivated.");
  await expect.poll(active).toBe(0);

  // Put it back (reactivating is harmless and does not ask).
  await row.getByRole("button", { name: "Reactivate Iris Moreau" }).click();
  await expect.poll(active).toBe(1);
});
