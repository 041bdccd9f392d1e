import { test, expect } from "@playwright/test";
import { signIn, setTheme, expectAccessible, query } from "./helpers";

test.describe("the command palette and shortcuts", () => {
  test("Ctrl-K finds a task by key and by words, jumps to pages, and Esc gives focus back", async ({ page }) => {
    await signIn(page, "oscar");
    await page.goto("/tasks");
    await page.waitForLoadState("networkidle");
    const [t] = await query<{ name: string; number: number; title: string }>(`SELECT e.name, t."number", t.title FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" WHERE e.name = 'dune' ORDER BY t.id LIMIT 1`);
    const key = `${t.name.toUpperCase()}-${t.number}`;

    await page.getByTestId("task-search").focus();
    await page.keyboard.press("Control+k");
    const palette = page.getByTestId("command-palette");
    await expect(palette).toBeVisible();
    const box = palette.getByRole("combobox");
    await expect(box).toBeFocused();
    await box.fill(key.toLowerCase());
    await expect(palette.getByRole("option").first()).toHaveText(new RegExp(`Open ${key}`));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/tasks/${key}$`));
    await expect(page.getByTestId("task-title")).toHaveText(t.title);

    await page.keyboard.press("Meta+k");
    await expect(palette).toBeVisible();
    const word = t.title.split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w))!;
    await box.fill(word);
    await expect(palette.getByRole("option", { name: new RegExp(`^${key} `) })).toBeVisible();
    await box.fill("boa");
    await expect(palette.getByRole("option", { name: /Board/ })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await expect(palette.getByRole("option", { name: /Board/ })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/board$/);

    await page.getByTestId("palette-button").click();
    await expect(palette).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(palette).toBeHidden();
    await expect(page.getByTestId("palette-button")).toBeFocused();
  });

  test("? lists the shortcuts; g t, /, j, x and o work on the Tasks list", async ({ page }) => {
    await signIn(page, "oscar");
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("?");
    const help = page.getByTestId("shortcuts-help");
    await expect(help).toBeVisible();
    await expect(help.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
    await expect(help).toContainText("Open the command palette");
    await expect(help).toContainText("Next / previous task");
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();

    await page.keyboard.press("g");
    await page.keyboard.press("t");
    await expect(page).toHaveURL(/\/tasks$/);
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("/");
    await expect(page.getByTestId("task-search")).toBeFocused();
    await page.keyboard.type("jjj");
    await expect(page.getByTestId("task-search")).toHaveValue("jjj", { timeout: 2000 }); // typing is typing, not shortcuts
    await expect(page).toHaveURL(/[?&]q=jjj/);
    await page.getByTestId("task-search").fill("");
    // The list shows everything again before the keys below move in it (no search update is left to overtake "o").
    await expect(page).not.toHaveURL(/[?&]q=/);
    await page.locator("body").click({ position: { x: 5, y: 300 } });

    await page.keyboard.press("j");
    await page.keyboard.press("j");
    const rows = page.locator("[data-task-row]");
    await expect(rows.nth(1).locator("[data-row-link]")).toBeFocused();
    await page.keyboard.press("x");
    await expect(rows.nth(1).locator("[data-select]")).toBeChecked();
    await page.keyboard.press("k");
    await expect(rows.nth(0).locator("[data-row-link]")).toBeFocused();
    const title = await rows.nth(0).locator("[data-row-link]").textContent();
    await page.keyboard.press("o");
    await expect(page.getByTestId("task-title")).toHaveText(title!);
  });

  test("j, x and o work on the board's cards too: next card, select it, open its panel", async ({ page }) => {
    await signIn(page, "oscar");
    await page.goto("/board");
    await page.waitForLoadState("networkidle");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    const first = page.locator("[data-task-row]").first();
    await expect(first.locator("[data-row-link]")).toBeFocused();
    await page.keyboard.press("x");
    await expect(first.locator("[data-select]")).toBeChecked();
    await page.keyboard.press("o");
    await expect(page.getByTestId("task-drawer")).toBeVisible();
    await expect(page).toHaveURL(/[?&]task=[A-Z0-9]+-\d+/);
  });

  test("single-key shortcuts can be turned off; the list stays in the palette", async ({ page }) => {
    await signIn(page, "oscar");
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("?");
    const help = page.getByTestId("shortcuts-help");
    await help.getByTestId("single-keys").uncheck();
    await page.keyboard.press("Escape");
    await page.keyboard.press("g");
    await page.keyboard.press("t");
    await page.keyboard.press("?");
    await expect(help).toBeHidden();
    await expect(page).toHaveURL(/\/$/);
    await page.keyboard.press("Control+k");
    await page.getByTestId("command-palette").getByRole("combobox").fill("keyboard");
    await page.keyboard.press("Enter");
    await expect(help).toBeVisible();
    await expect(help.getByTestId("single-keys")).not.toBeChecked();
    await help.getByTestId("single-keys").check();
    await page.keyboard.press("Escape");
    await page.keyboard.press("g");
    await page.keyboard.press("t");
    await expect(page).toHaveURL(/\/tasks$/);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`the palette and the help are accessible in the ${theme} theme`, async ({ page, context }) => {
      await setTheme(context, theme);
      await signIn(page, "nina");
      await page.goto("/");
      await page.waitForLoadState("networkidle");
      await page.keyboard.press("Control+k");
      await page.getByTestId("command-palette").getByRole("combobox").fill("ta");
      await expect(page.getByTestId("command-palette").getByRole("option").first()).toBeVisible();
      await expectAccessible(page);
      await page.keyboard.press("Escape");
      await page.keyboard.press("?");
      await expectAccessible(page);
    });
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a Menu button opens the navigation; the Tasks list does not scroll sideways", async ({ page }) => {
    await signIn(page, "nina");
    await page.goto("/tasks");
    const menu = page.getByTestId("menu-button");
    await expect(menu).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" })).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).or(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" })).first().click();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    for (const path of ["/tasks", "/tasks?group=state", "/people", "/notifications"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    }
  });
});
