import { test, expect } from "@playwright/test";
import { signIn, setTheme, query } from "./helpers";

/**
 * Screenshots of the main pages in both themes, for people to review: written to
 * test-results/screenshots/<page>-<theme>.png (kept out of git). Each page must also render its main
 * heading, so a broken page fails here rather than producing a blank picture.
 */
const PAGES: { name: string; who: string; path: string | (() => Promise<string>); heading: RegExp }[] = [
  { name: "dashboard-operator", who: "oscar", path: "/", heading: /Dashboard|Good (morning|afternoon|evening)|Welcome/i },
  { name: "dashboard-manager", who: "maria", path: "/", heading: /Dashboard|overview|Welcome/i },
  { name: "tasks", who: "oscar", path: "/tasks?state=open&group=state", heading: /^Tasks/ },
  { name: "board", who: "oscar", path: "/board", heading: /board/i },
  {
    name: "task",
    who: "oscar",
    path: async () => {
      const [t] = await query<{ name: string; number: number }>(`SELECT e.name, t."number" FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId" JOIN "TaskEvent" v ON v."taskId" = t.id GROUP BY e.name, t."number", t.id ORDER BY count(*) DESC, t.id LIMIT 1`);
      return `/tasks/${t.name.toUpperCase()}-${t.number}`;
    },
    heading: /./,
  },
  { name: "request-form", who: "ned", path: "/tasks/new", heading: /Request/ },
  { name: "people", who: "nina", path: "/people", heading: /People of/ },
];

// One test per theme, signing in once per person: screenshots are for looking, so they should cost little. Taken when
// asked for (POMS_SCREENSHOTS=1 npm run test:e2e): every page here is also opened and checked by the other specs, and
// the whole suite must stay inside CI's time.
for (const theme of ["light", "dark"] as const) {
  test(`screenshots of the main pages (${theme})`, async ({ page, context }) => {
    test.skip(!process.env.POMS_SCREENSHOTS, "screenshots are taken with POMS_SCREENSHOTS=1");
    await page.setViewportSize({ width: 1440, height: 900 });
    let who = "";
    for (const p of PAGES) {
      if (p.who !== who) {
        await context.clearCookies();
        await setTheme(context, theme);
        await signIn(page, p.who);
        who = p.who;
      }
      await page.goto(typeof p.path === "string" ? p.path : await p.path());
      await expect(page.getByRole("heading", { level: 1 }).first(), p.name).toHaveText(p.heading);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `test-results/screenshots/${p.name}-${theme}.png`, fullPage: true, animations: "disabled" });
    }
  });
}
