import { test, expect } from "@playwright/test";

// The embedded default (scripts/serve.ts) fixes no NEXTAUTH_URL, so next-auth takes its origin from the address the
// browser used. A sign-in begun at 127.0.0.1 once went back to a fixed http://localhost, where its session cookie
// does not exist, and the person landed on the sign-in page again.
test("picking a demo person at 127.0.0.1 lands signed in at 127.0.0.1", async ({ page, baseURL }) => {
  const at127 = new URL(baseURL!);
  at127.hostname = "127.0.0.1";
  const signInPage = new URL("/signin", at127).toString();
  await page.goto(signInPage);
  await page.locator('button[data-username="nina"]').click();
  await page.waitForURL((url) => url.toString() !== signInPage);
  expect(page.url()).toBe(new URL("/", at127).toString());
  await expect(page.getByTestId("signed-in-person")).toBeVisible();
  const cookies = await page.context().cookies(at127.origin);
  expect(cookies.map((c) => c.name)).toContain("next-auth.session-token");
});
