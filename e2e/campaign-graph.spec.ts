/**
 * The campaign as a graph and as text (issue 9, items 8 and 9): a production member adds a child stage, connects
 * and disconnects with the keyboard, moves a node with the arrow keys and finds it where they left it after a
 * reload; exports the campaign as TOML, imports it as a copy, and an invalid import says the line of its error
 * and changes nothing. The graph and import pages pass axe in both themes.
 */
import { readFileSync } from "node:fs";
import { test, expect, type Page } from "@playwright/test";
import { signIn, query, count, setTheme, expectAccessible } from "./helpers";

const suffix = Date.now().toString(36).slice(-5);

async function campaignWithOneStage(page: Page) {
  const name = `graph_e2e_${suffix}`;
  const created = await page.request.post("/api/v1/campaigns", { data: { experiment: "nova", name, description: "Graph and TOML end to end", tags: ["graph"], keywords: [["config", "reco.fcl"]] } });
  expect(created.status(), await created.text()).toBe(201);
  const [campaign] = await query<{ id: number }>(`SELECT id FROM "Campaign" WHERE name = $1`, [name]);
  const [jobType] = await query<{ id: number }>(`SELECT id FROM "JobType" WHERE name = 'nova_demo_job'`);
  const [login] = await query<{ id: number }>(`SELECT id FROM "LoginSetup" WHERE name = 'nova-local'`);
  const stage = await page.request.post(`/api/v1/campaigns/${campaign.id}/stages`, { data: { name: "gen", jobTypeId: jobType.id, loginSetupId: login.id, splitType: "nfiles(4)", inputDataset: "nova_raw_2026" } });
  expect(stage.status(), await stage.text()).toBe(201);
  return { id: campaign.id, name };
}

const node = (page: Page, stage: string) => page.locator(`[data-testid="graph-node"][data-stage="${stage}"]`);

test.describe("campaign graph", () => {
  test("a production member edits the graph with the keyboard, and a campaign goes out and back in as TOML", async ({ page, context }) => {
    await signIn(page, "noah");
    const campaign = await campaignWithOneStage(page);
    await page.goto(`/campaigns/${campaign.id}`);
    await expect(node(page, "gen")).toBeVisible();
    await expect(node(page, "gen").getByTestId("graph-node-counts")).toContainText("no submissions");

    // Add a child of gen, from the keyboard: focus gen, then the "Add child" button, Enter; type the name, Enter.
    await node(page, "gen").focus();
    await page.getByTestId("graph-add-child").focus();
    await expect(page.getByTestId("graph-add-child")).toHaveText("Add child of gen");
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("graph-add-dialog");
    await expect(dialog.getByRole("heading")).toHaveText("Add a child of gen");
    await expect(dialog.getByLabel("Stage name")).toBeFocused();
    await page.keyboard.type("reco");
    await dialog.getByLabel("Files it consumes from gen").fill("%.root");
    await dialog.getByLabel("Stage name").focus();
    await page.keyboard.press("Enter");
    await expect(node(page, "reco")).toBeVisible();
    await expect(page.getByTestId("graph-status")).toHaveText("Stage reco added.");
    await expect(page.locator('[data-testid="graph-edge"][data-from="gen"][data-to="reco"]')).toHaveCount(1);
    const [reco] = await query<{ id: number }>(`SELECT id FROM "CampaignStage" WHERE "campaignId" = $1 AND name = 'reco'`, [campaign.id]);
    expect(await query(`SELECT d."filePatterns" FROM "StageDependency" d JOIN "CampaignStage" f ON f.id = d."fromStageId" WHERE d."toStageId" = $1`, [reco.id])).toEqual([{ filePatterns: "%.root" }]);
    // The child was laid out one column to the right of its parent.
    expect(Number(await node(page, "reco").getAttribute("data-x"))).toBeGreaterThan(Number(await node(page, "gen").getAttribute("data-x")));

    // Connect reco to itself (relaunch the next slice) with the keyboard: focus reco, choose the target, Enter on Connect.
    await node(page, "reco").focus();
    await page.locator("#graph-target").focus();
    await page.locator("#graph-target").selectOption({ label: "reco (itself: relaunch the next slice)" });
    await page.getByTestId("graph-connect").focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("graph-status")).toHaveText("reco now feeds reco.");
    await expect(page.locator('[data-testid="graph-edge"][data-from="reco"][data-to="reco"]')).toHaveCount(1);
    // The same edge again is refused, in words.
    await page.locator("#graph-target").selectOption({ label: "reco (itself: relaunch the next slice)" });
    await page.getByTestId("graph-connect").focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("graph-error")).toHaveText("reco already relaunches itself.");

    // Disconnect it: the button asks first; Enter on Disconnect in the dialog.
    await page.getByRole("button", { name: "Disconnect reco relaunches itself" }).focus();
    await page.keyboard.press("Enter");
    const ask = page.getByTestId("graph-disconnect-dialog");
    await expect(ask).toContainText("reco relaunches itself");
    await expect(ask.getByRole("button", { name: "Cancel" })).toBeFocused();
    await ask.getByTestId("graph-disconnect-confirm").focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("graph-status")).toHaveText("Disconnected: reco relaunches itself.");
    await expect(page.getByTestId("graph-error")).toHaveCount(0);
    await expect(page.locator('[data-testid="graph-edge"][data-from="reco"][data-to="reco"]')).toHaveCount(0);
    expect(await count(`SELECT count(*) AS n FROM "StageDependency" WHERE "fromStageId" = $1 AND "toStageId" = $1`, [reco.id])).toBe(0);

    // Move reco with the arrow keys; the place is saved and kept after a reload.
    const x0 = Number(await node(page, "reco").getAttribute("data-x"));
    const y0 = Number(await node(page, "reco").getAttribute("data-y"));
    await node(page, "reco").focus();
    // With Ctrl (or Alt, Meta) an arrow key is the browser's shortcut: the node stays.
    await page.keyboard.press("Control+ArrowRight");
    await expect(node(page, "reco")).toHaveAttribute("data-x", String(x0));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Shift+ArrowDown");
    await expect(node(page, "reco")).toHaveAttribute("data-x", String(x0 + 20));
    await expect(page.getByTestId("graph-status")).toContainText("saved");
    await expect.poll(async () => (await query<{ graphX: number; graphY: number }>(`SELECT "graphX", "graphY" FROM "CampaignStage" WHERE id = $1`, [reco.id]))[0]).toEqual({ graphX: x0 + 20, graphY: y0 + 60 });
    // Only the moved node was saved: gen is still laid out automatically.
    expect((await query<{ graphX: number | null }>(`SELECT "graphX" FROM "CampaignStage" WHERE "campaignId" = $1 AND name = 'gen'`, [campaign.id]))[0].graphX).toBeNull();
    await page.reload();
    await expect(node(page, "reco")).toHaveAttribute("data-x", String(x0 + 20));
    await expect(node(page, "reco")).toHaveAttribute("data-y", String(y0 + 60));
    // Enter opens the focused stage.
    await node(page, "reco").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/stages/${reco.id}$`));

    // The graph is accessible in both themes.
    for (const theme of ["light", "dark"] as const) {
      await setTheme(context, theme);
      await page.goto(`/campaigns/${campaign.id}`);
      await expect(node(page, "reco")).toBeVisible();
      await expectAccessible(page);
    }

    // Export as TOML.
    const downloading = page.waitForEvent("download");
    await page.getByTestId("campaign-export").click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe(`nova-${campaign.name}.toml`);
    const toml = readFileSync((await file.path())!, "utf8");
    expect(toml).toContain(`name = "${campaign.name}"`);
    expect(toml).toContain('jobType = "nova_demo_job"');
    expect(toml).toContain(`graph = { x = ${x0 + 20}, y = ${y0 + 60} }`);

    // An invalid import names the line and changes nothing.
    await page.getByTestId("campaign-import").click();
    await page.waitForURL(/\/campaigns\/import\?into=\d+$/);
    const bad = toml.replace('splitType = "nfiles(4)"', 'splitType = "nfiles(four)"');
    const badLine = bad.split("\n").indexOf('splitType = "nfiles(four)"') + 1;
    expect(badLine).toBeGreaterThan(1);
    const before = await count(`SELECT count(*) AS n FROM "Campaign"`);
    await page.getByLabel("Name of the new campaign").fill(`${campaign.name}_copy`);
    await page.getByLabel("TOML text").fill(bad);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const problems = page.getByTestId("import-problems");
    await expect(problems).toContainText("Nothing was imported");
    await expect(problems.getByTestId("import-problem")).toHaveCount(1);
    await expect(problems.getByTestId("import-problem")).toContainText(`Line ${badLine}`);
    await expect(problems.getByTestId("import-problem")).toContainText("nfiles needs a whole number of files per submission");
    expect(await count(`SELECT count(*) AS n FROM "Campaign"`)).toBe(before);
    // The line's button puts the cursor on that line.
    await problems.getByRole("button", { name: new RegExp(`Line ${badLine}`) }).click();
    await expect(page.getByLabel("TOML text")).toBeFocused();
    expect(await page.getByLabel("TOML text").evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('splitType = "nfiles(four)"');
    await expectAccessible(page);

    // The exported text as it was imports as a copy, with its stages, edge and places.
    await page.getByLabel("TOML text").fill(toml);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL((url) => /\/campaigns\/\d+$/.test(url.pathname) && url.pathname !== `/campaigns/${campaign.id}`);
    await expect(page.getByTestId("campaign-name")).toHaveText(`${campaign.name}_copy`);
    await expect(node(page, "reco")).toHaveAttribute("data-x", String(x0 + 20));
    await expect(page.locator('[data-testid="graph-edge"][data-from="gen"][data-to="reco"]')).toHaveCount(1);
    const copy = await query<{ name: string; splitType: string; graphX: number | null }>(
      `SELECT s.name, s."splitType", s."graphX" FROM "CampaignStage" s JOIN "Campaign" c ON c.id = s."campaignId" WHERE c.name = $1 ORDER BY s.name`,
      [`${campaign.name}_copy`],
    );
    expect(copy.map((s) => [s.name, s.splitType])).toEqual([["gen", "nfiles(4)"], ["reco", "none"]]);
  });
});
