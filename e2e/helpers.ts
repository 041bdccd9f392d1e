import { createRequire } from "node:module";
import { expect, type Page, type BrowserContext, type Locator } from "@playwright/test";
import pg from "pg";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");

/** Signs in through the development sign-in page, as a person would. */
export async function signIn(page: Page, username: string) {
  await page.goto("/signin");
  await page.locator(`button[data-username="${username}"]`).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByTestId("signed-in-person")).toBeVisible();
}

/** The address the suite's server listens on (playwright.config.ts). */
export const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 3210}`;

export async function setTheme(context: BrowserContext, theme: "light" | "dark") {
  await context.addCookies([{ name: "theme", value: theme, url: BASE_URL }]);
}

/** Runs axe-core (WCAG 2 A/AA) on the page and fails with the violations listed. */
export async function expectAccessible(page: Page) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} → ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations, violations.join("\n")).toEqual([]);
}

/** Reads the test database directly, to check what the UI shows against the truth. */
export async function query<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function count(text: string, values: unknown[] = []): Promise<number> {
  const [row] = await query<{ n: string }>(text, values);
  return Number(row.n);
}

/** Presses the pointer on `handle`, moves it over `target` and returns before releasing. */
export async function dragOver(page: Page, handle: Locator, target: Locator) {
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 20, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 15 });
}
