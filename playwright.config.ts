import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium (/usr/bin/chromium; Playwright cannot download browsers
 * here). scripts/test-all.ts builds the app, seeds the database and sets DATABASE_URL.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210); // E2E_PORT lets two checkouts run their suites side by side (e2e/helpers.ts BASE_URL follows it)

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Recording a trace costs CPU on every test, kept or not; CI (whose files are not kept) runs without it.
    trace: process.env.CI ? "off" : "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
    },
  },
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${PORT}`,
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
