import { test } from "@playwright/test";
import { signIn } from "./helpers";

test("zz screenshots", async ({ browser }) => {
  for (const [w, h, name, url] of [[1440, 900, "wide", "/board"], [1440, 900, "lanes", "/board?lane=experiment"], [390, 844, "phone", "/board"]] as const) {
    const page = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
    await signIn(page, "oscar");
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `/tmp/board-shot-${name}.png`, fullPage: false });
    if (name === "wide") {
      await page.getByTestId("board-scroll").locator("article button[aria-haspopup=dialog]").first().click();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `/tmp/board-shot-drawer.png` });
    }
  }
});
