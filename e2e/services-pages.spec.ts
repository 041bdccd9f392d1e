import { test, expect, type Page } from "@playwright/test";
import { signIn, query, expectAccessible, setTheme, BASE_URL } from "./helpers";
import { readEvents } from "../lib/services/ical";
import { visibleDays, SLOTS_PER_DAY } from "../lib/services/calendar";

const SLOT_PX = 18; // components/services/maintenance-calendar.tsx
const DAY = 86_400_000;

/**
 * The days of the week after next: always in the future (new downtimes are accepted) and clear of the demo's upcoming
 * tape maintenance three days ahead, whatever today's weekday.
 */
const nextWeek = () => visibleDays("week", new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10));

/** The viewport point of a slot (day column, half hour) in the week grid, scrolled into view. */
async function slotPoint(page: Page, dayIndex: number, slot: number) {
  const grid = page.getByTestId("calendar-grid");
  const box = (await grid.boundingBox())!;
  return { x: box.x + (box.width / 7) * (dayIndex + 0.5), y: box.y + slot * SLOT_PX + SLOT_PX / 2 };
}

async function downtimeByTitle(title: string) {
  const [row] = await query<{ id: number; startsAt: Date; endsAt: Date; version: number; cancelledAt: Date | null }>(`SELECT id, "startsAt", "endsAt", version, "cancelledAt" FROM "ServiceDowntime" WHERE title = $1`, [title]);
  return row;
}

test("calendar: OPOS creates by dragging, moves and resizes with the pointer, and uses the keyboard form", async ({ page }) => {
  await signIn(page, "olga");
  const [enstore] = await query<{ id: number }>(`SELECT id FROM "Service" WHERE name = 'enstore'`);
  const days = nextWeek();
  await page.goto(`/services/calendar?view=week&date=${days[0]}&service=${enstore.id}`);
  await expect(page.getByTestId("calendar-title")).toContainText("Week of");
  await expect(page.getByTestId("maintenance-calendar")).toHaveAttribute("data-hydrated", "1");
  // The grid at the top of the window, the working day (07:00 on) in sight.
  await page.getByTestId("calendar-scroller").evaluate((el) => {
    el.scrollIntoView({ block: "start" });
    el.scrollTop = 7 * 2 * 18;
  });

  // Create: drag from Wednesday 10:00 to 11:30 → a window 10:00–12:00.
  const a = await slotPoint(page, 2, 20);
  const b = await slotPoint(page, 2, 23);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await expect(page.getByTestId("calendar-selection")).toBeVisible();
  await page.mouse.up();
  const dialog = page.getByTestId("downtime-dialog");
  await expect(dialog.getByLabel("Start (UTC)")).toHaveValue(`${days[2]}T10:00`);
  await expect(dialog.getByLabel("End (UTC)")).toHaveValue(`${days[2]}T12:00`);
  const title = `Drive swap ${Date.now()}`;
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByRole("button", { name: "Schedule" }).click();
  await expect(page.getByTestId("calendar-note")).toContainText("Scheduled");
  const created = await downtimeByTitle(title);
  expect(created.startsAt.toISOString()).toBe(`${days[2]}T10:00:00.000Z`);
  expect(created.endsAt.toISOString()).toBe(`${days[2]}T12:00:00.000Z`);
  const block = page.locator(`[data-event-id="${created.id}"]`);
  await expect(block).toHaveAttribute("data-start", `${days[2]}T10:00:00.000Z`);

  // Move: drag it one day right and one hour down → Thursday 11:00–13:00.
  const from = await slotPoint(page, 2, 21);
  const to = await slotPoint(page, 3, 23);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId("calendar-note")).toContainText("Moved");
  await expect(block).toHaveAttribute("data-start", `${days[3]}T11:00:00.000Z`);
  const moved = await downtimeByTitle(title);
  expect([moved.startsAt.toISOString(), moved.endsAt.toISOString(), moved.version]).toEqual([`${days[3]}T11:00:00.000Z`, `${days[3]}T13:00:00.000Z`, 2]);

  // Resize: drag its bottom edge down one hour → ends 14:00.
  const handle = (await block.getByTestId("resize-handle").boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2 + 2 * SLOT_PX, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId("calendar-note")).toContainText("Resized");
  const resized = await downtimeByTitle(title);
  expect([resized.startsAt.toISOString(), resized.endsAt.toISOString(), resized.version]).toEqual([`${days[3]}T11:00:00.000Z`, `${days[3]}T14:00:00.000Z`, 3]);

  // The keyboard path: the button opens the form; start and end are typed.
  const kbTitle = `Keyboard window ${Date.now()}`;
  await page.getByTestId("new-downtime").focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByLabel("Start (UTC)")).toBeVisible();
  await dialog.getByLabel("Start (UTC)").fill(`${days[4]}T06:00`);
  await dialog.getByLabel("End (UTC)").fill(`${days[4]}T07:30`);
  await dialog.getByLabel("Title").fill(kbTitle);
  await dialog.getByLabel("Title").press("Enter");
  await expect(page.getByTestId("calendar-note")).toContainText("Scheduled");
  const kb = await downtimeByTitle(kbTitle);
  expect(kb.endsAt.getTime() - kb.startsAt.getTime()).toBe(90 * 60_000);
  // Open it from its button with Enter, move its end with the keyboard, save.
  await page.locator(`[data-event-id="${kb.id}"] button`).focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByLabel("End (UTC)")).toHaveValue(`${days[4]}T07:30`);
  await dialog.getByLabel("End (UTC)").fill(`${days[4]}T09:00`);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("calendar-note")).toContainText("Saved");
  expect((await downtimeByTitle(kbTitle)).endsAt.toISOString()).toBe(`${days[4]}T09:00:00.000Z`);
  // A bad window is refused in words, in the dialog.
  await page.locator(`[data-event-id="${kb.id}"] button`).focus();
  await page.keyboard.press("Enter");
  await dialog.getByLabel("End (UTC)").fill(`${days[4]}T05:00`);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("downtime-error")).toContainText("The end must be after the start");
  await dialog.getByRole("button", { name: "Close" }).click();

  // Month view keeps the filter in the URL and shows them.
  await page.getByRole("link", { name: "Month", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`view=month.*service=${enstore.id}`));
  await expect(page.locator(`[data-event-id="${created.id}"]`).first()).toBeVisible();
  expect(SLOTS_PER_DAY).toBe(48);
});

test("incident: the update timeline grows and resolving closes it; the status page shows bars, incidents and maintenance", async ({ page }) => {
  await signIn(page, "olga");
  const [incident] = await query<{ id: number }>(`SELECT id FROM "Incident" WHERE title LIKE 'dCache persistent pool full%' ORDER BY id LIMIT 1`);
  await page.goto(`/services/incidents/${incident.id}`);
  const timeline = page.getByTestId("incident-update");
  const before = await timeline.count();
  expect(before).toBeGreaterThanOrEqual(2);
  await page.getByLabel("Status after this update").selectOption("MONITORING");
  const message = `Room again on the pool; watching writes ${Date.now()}`;
  await page.getByLabel("Update", { exact: true }).fill(message);
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(timeline).toHaveCount(before + 1);
  await expect(timeline.first()).toContainText(message);
  await expect(timeline.first()).toContainText("Monitoring");
  await expect(page.getByTestId("incident-status")).toContainText("Monitoring");
  // A second update straight after the first carries the new version (no "someone changed it" for your own post).
  await page.getByLabel("Status after this update").selectOption("RESOLVED");
  await page.getByLabel("Update", { exact: true }).fill("Writes are fine again.");
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(timeline).toHaveCount(before + 2);
  await expect(page.getByTestId("incident-status")).toContainText("Resolved");
  const [row] = await query<{ resolvedAt: Date | null }>(`SELECT "resolvedAt" FROM "Incident" WHERE id = $1`, [incident.id]);
  expect(row.resolvedAt).not.toBeNull();
  // Back to monitoring, so the status page below still has it as current.
  await page.getByLabel("Status after this update").selectOption("MONITORING");
  await page.getByLabel("Update", { exact: true }).fill("Reopened: watching writes for another hour.");
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(timeline).toHaveCount(before + 3);

  await page.goto("/status");
  const services = await query<{ n: string }>(`SELECT count(*) AS n FROM "Service" WHERE active`);
  await expect(page.getByTestId("status-service")).toHaveCount(Number(services[0].n));
  const bar = page.getByTestId("availability-bar").first();
  await expect(bar).toHaveAttribute("data-days", "90");
  expect(await bar.locator("[data-band]").count()).toBe(90);
  await expect(page.getByTestId("current-incidents")).toContainText("dCache persistent pool full");
  await expect(page.getByTestId("upcoming-maintenance")).toContainText("Tape library firmware upgrade");
  // A storage pool that is bad now has an outage today: its bar's last day is not "up".
  const [bad] = await query<{ name: string }>(`SELECT s.name FROM "Service" s JOIN "ServiceDowntime" d ON d."serviceId" = s.id WHERE d.kind = 'ACTUAL' AND d."endsAt" IS NULL AND s.active LIMIT 1`);
  if (bad) await expect(page.locator(`[data-testid="status-service"][data-service="${bad.name}"] [data-band]`).last()).not.toHaveAttribute("data-band", "up");
});

test("iCal: the feed downloads without signing in and parses, with stable UIDs and sequences", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
  const r = await anonymous.get("/api/v1/downtimes.ics");
  expect(r.status()).toBe(200);
  expect(r.headers()["content-type"]).toContain("text/calendar");
  const text = await r.text();
  expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  expect(text.split("\r\n").every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
  const events = readEvents(text);
  const tape = events.find((e) => e.SUMMARY?.includes("Tape library firmware upgrade"));
  expect(tape?.UID).toMatch(/^downtime-\d+@/);
  expect(tape?.STATUS).toBe("CONFIRMED");
  const again = readEvents(await (await anonymous.get("/api/v1/downtimes.ics")).text());
  expect(again.find((e) => e.UID === tape?.UID)?.SEQUENCE).toBe(tape?.SEQUENCE);
  await anonymous.dispose();
});

for (const theme of ["light", "dark"] as const) {
  test(`services pages are accessible (axe) in the ${theme} theme`, async ({ page, context }) => {
    await setTheme(context, theme);
    await signIn(page, "olga");
    const [svc] = await query<{ id: number }>(`SELECT id FROM "Service" WHERE name = 'enstore'`);
    const [incident] = await query<{ id: number }>(`SELECT id FROM "Incident" ORDER BY id LIMIT 1`);
    for (const path of ["/services", "/status", `/services/${svc.id}`, `/services/calendar?view=week&date=${nextWeek()[0]}`, `/services/calendar?view=month`, "/services/incidents", `/services/incidents/${incident.id}`]) {
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      for (const d of await page.locator("details").all()) await d.evaluate((el) => el.setAttribute("open", ""));
      await expectAccessible(page);
    }
    // The tree says how statuses change, and every service links to its page.
    await page.goto("/services");
    await expect(page.getByTestId("how-status-works")).toContainText("2 of its last 3 probes agree");
    await page.getByTestId("service-row").filter({ hasText: "Enstore" }).getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/services/${svc.id}$`));
    // Watching from the service's page, and back.
    const watch = page.getByTestId("watch-button");
    const watched = async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "Watch" w JOIN "Person" p ON p.id = w."personId" WHERE p.username = 'olga' AND w."serviceId" = $1`, [svc.id]))[0].n);
    const was = await watch.getAttribute("aria-pressed");
    await watch.click();
    await expect(watch).toHaveAttribute("aria-pressed", was === "true" ? "false" : "true");
    expect(await watched()).toBe(was === "true" ? 0 : 1);
    await watch.click();
    await expect(watch).toHaveAttribute("aria-pressed", was === "true" ? "true" : "false");
  });
}

test("API: bad input, stale versions and people who are not OPOS get a clear 4xx and change nothing", async ({ page }) => {
  await signIn(page, "olga");
  const [svc] = await query<{ id: number }>(`SELECT id FROM "Service" WHERE name = 'enstore'`);
  const day = nextWeek()[5];
  const before = Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "ServiceDowntime"`))[0].n);
  const bad = await page.request.post("/api/v1/downtimes", { data: { serviceId: svc.id, startsAt: `${day}T10:00Z`, endsAt: `${day}T09:00Z`, title: "Backwards" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain("after the start");
  const unknownField = await page.request.post("/api/v1/downtimes", { data: { serviceId: svc.id, startsAt: `${day}T10:00Z`, endsAt: `${day}T11:00Z`, title: "x", colour: "red" } });
  expect(unknownField.status()).toBe(400);
  expect((await page.request.get("/api/v1/downtimes?from=yesterday")).status()).toBe(400);
  expect((await page.request.get("/api/v1/services/99999999999")).status()).toBe(404);
  expect((await page.request.get("/api/v1/services?availability=500")).status()).toBe(400);
  const made = await page.request.post("/api/v1/downtimes", { data: { serviceId: svc.id, startsAt: `${day}T10:00Z`, endsAt: `${day}T11:00Z`, title: "API window" } });
  expect(made.status()).toBe(201);
  const { downtime } = await made.json();
  expect((await page.request.patch(`/api/v1/downtimes/${downtime.id}`, { data: { version: 1, title: "API window, renamed" } })).status()).toBe(200);
  const stale = await page.request.patch(`/api/v1/downtimes/${downtime.id}`, { data: { version: 1, title: "Lost edit" } });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.message).toMatch(/changed this scheduled downtime after you opened it/);
  expect((await page.request.delete(`/api/v1/downtimes/${downtime.id}?version=1`)).status()).toBe(409);
  expect((await page.request.delete(`/api/v1/downtimes/${downtime.id}?version=2`)).status()).toBe(200);
  // The feed keeps it, cancelled, with a sequence that grew with each change.
  const cancelled = readEvents(await (await page.request.get("/api/v1/downtimes.ics")).text()).find((e) => e.UID?.startsWith(`downtime-${downtime.id}@`));
  expect([cancelled?.STATUS, cancelled?.SEQUENCE]).toEqual(["CANCELLED", "2"]);
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "ServiceDowntime"`))[0].n)).toBe(before + 1);

  await page.context().clearCookies();
  await signIn(page, "ned");
  const refused = await page.request.post("/api/v1/downtimes", { data: { serviceId: svc.id, startsAt: `${day}T12:00Z`, endsAt: `${day}T13:00Z`, title: "Not mine to schedule" } });
  expect(refused.status()).toBe(403);
  expect((await page.request.put(`/api/v1/services/${svc.id}/watch`)).status()).toBe(200);
  expect((await page.request.delete(`/api/v1/services/${svc.id}/watch`)).status()).toBe(200);
});
