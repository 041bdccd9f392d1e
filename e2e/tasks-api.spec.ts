import { test, expect } from "@playwright/test";
import { signIn } from "./helpers";

test("the tasks API: create, list with filters and pages, get, transition, assign, comment; stable error codes", async ({ browser }) => {
  const ned = await (await browser.newContext()).newPage();
  await signIn(ned, "ned");
  const bad = await ned.request.post("/api/v1/tasks", { data: { experiment: "nova", title: "", kind: "PIZZA", neededBy: "1999-01-01" } });
  expect(bad.status()).toBe(400);
  const badBody = await bad.json();
  expect(badBody.error.code).toBe("invalid_input");
  expect(badBody.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(["title", "kind", "neededBy"]));
  const unknown = await ned.request.post("/api/v1/tasks", { data: { experiment: "atlas", title: "Wrong lab", kind: "OTHER" } });
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error.message).toContain('Unknown experiment "atlas"');
  const foreign = await ned.request.post("/api/v1/tasks", { data: { experiment: "icarus", title: "Not my experiment", kind: "OTHER" } });
  expect(foreign.status()).toBe(403);

  const created = await ned.request.post("/api/v1/tasks", { data: { experiment: "dune", title: "API: detector-systematics sample", kind: "MC_GENERATION", priority: "URGENT", estimatedEvents: 5_000_000 } });
  expect(created.status()).toBe(201);
  const id = (await created.json()).task.id as number;

  const page1 = await (await ned.request.get("/api/v1/tasks?mine=1&pageSize=2&page=1")).json();
  expect(page1.tasks).toHaveLength(2);
  expect(page1.total).toBeGreaterThan(2);
  const filtered = await (await ned.request.get("/api/v1/tasks?experiment=dune&priority=URGENT&q=systematics")).json();
  expect(filtered.tasks.map((t: { id: number }) => t.id)).toContain(id);
  expect(filtered.tasks.every((t: { experiment: { name: string }; priority: string }) => t.experiment.name === "dune" && t.priority === "URGENT")).toBe(true);

  const dana = await (await browser.newContext()).newPage();
  await signIn(dana, "dana");
  const got = await (await dana.request.get(`/api/v1/tasks/${id}`)).json();
  expect(got.allowedMoves.map((m: { to: string }) => m.to).sort()).toEqual(["APPROVED", "CHANGES_REQUESTED", "REJECTED"]);
  const noReason = await dana.request.post(`/api/v1/tasks/${id}/transitions`, { data: { to: "REJECTED" } });
  expect(noReason.status()).toBe(400);
  const approve = await dana.request.post(`/api/v1/tasks/${id}/transitions`, { data: { to: "APPROVED", version: got.task.version } });
  expect(approve.status()).toBe(200);
  const stale = await dana.request.post(`/api/v1/tasks/${id}/transitions`, { data: { to: "ON_HOLD", reason: "x", version: got.task.version } });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.code).toBe("conflict");
  const assignByCoordinator = await dana.request.post(`/api/v1/tasks/${id}/assign`, { data: { assignee: "omar" } });
  expect(assignByCoordinator.status()).toBe(403);

  const olga = await (await browser.newContext()).newPage();
  await signIn(olga, "olga");
  const toNonOperator = await olga.request.post(`/api/v1/tasks/${id}/assign`, { data: { assignee: "ned" } });
  expect(toNonOperator.status()).toBe(400);
  const assign = await olga.request.post(`/api/v1/tasks/${id}/assign`, { data: { assignee: "omar" } });
  expect(assign.status()).toBe(200);
  expect((await assign.json()).task.status).toBe("ASSIGNED");
  const comment = await olga.request.post(`/api/v1/tasks/${id}/comments`, { data: { body: "Omar will start after the dCache cleanup." } });
  expect(comment.status()).toBe(201);
  const emptyComment = await olga.request.post(`/api/v1/tasks/${id}/comments`, { data: { body: "   " } });
  expect(emptyComment.status()).toBe(400);
  const impossible = await olga.request.post(`/api/v1/tasks/${id}/transitions`, { data: { to: "REQUESTED" } });
  expect(impossible.status()).toBe(409);
  expect((await impossible.json()).error.code).toBe("invalid_transition");
  expect((await olga.request.get("/api/v1/tasks/abc")).status()).toBe(404);
  expect((await olga.request.get("/api/v1/tasks/99999999")).status()).toBe(404);
});

test("board extras: the card drawer shows history and takes comments; a saved view brings its filters back", async ({ page }) => {
  await signIn(page, "omar");
  await page.goto("/board?q=systematics&priority=URGENT");
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "API: detector-systematics sample", exact: true }).click();
  const drawer = page.getByTestId("task-drawer");
  await expect(drawer.getByTestId("drawer-history")).toContainText("Dana Whitfield moved it from Requested to Approved");
  await expect(drawer.getByTestId("drawer-history")).toContainText("Olga Petrova assigned it to Omar Haddad and moved it from Approved to Assigned");
  await expect(drawer.getByTestId("drawer-history")).not.toContainText("assigneeId");
  await expect(drawer.getByTestId("drawer-comments")).toContainText("dCache cleanup");
  await drawer.getByLabel("Comment").fill("Starting tomorrow.");
  await drawer.getByRole("button", { name: "Add comment" }).click();
  await expect(drawer.getByTestId("drawer-comments")).toContainText("Starting tomorrow.");
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);

  await page.getByLabel("Name for this view").fill("Urgent systematics");
  await page.getByRole("button", { name: "Save view" }).click();
  await expect(page.getByText('Saved view "Urgent systematics".')).toBeVisible();
  await page.goto("/board");
  await page.getByRole("link", { name: "Urgent systematics" }).click();
  await expect(page).toHaveURL(/priority=URGENT/);
  await expect(page.getByLabel("Text")).toHaveValue("systematics");
});
