/**
 * Reading each experiment's FTS dropbox (Experiment.ftsUrl) and recording what it holds (record-transfers.ts).
 * A failed read is never a state change: the transfers keep what they were, the experiment's dropbox is marked
 * "stale since …" with the reason (InstallationSetting "dropbox.<experiment id>", shown on submission pages), and
 * the endpoint is skipped for a doubling while (lib/adapters/backoff.ts: 30 s … 10 min). A read that cannot be
 * recorded (the database refused it) is treated the same way: stale, backed off, and the next experiment goes on.
 * The reason saved for the page is in people's words by kind of failure; FTS's host, system error codes and
 * database errors go to the server log and the refresh run's errors, never to the page.
 */
import "server-only";
import { db } from "@/lib/db";
import { EndpointBackoff } from "@/lib/adapters/backoff";
import type { AdapterResult, FailureKind } from "@/lib/adapters/result";
import { fetchFtsStatus, type FtsRead } from "./fts-status";
import { refuseServiceAddress } from "@/lib/catalogue/service-address";
import { addressRules } from "@/lib/catalogue/clients";
import { fromFts } from "./dropbox";
import { recordDropbox } from "./record-transfers";

/** `skipped`: entries of the last good read that could not be read (bad names) and were left out. */
export type DropboxHealth = { staleSince: string | null; reason: string; lastReadAt: string | null; failures: number; skipped?: number };

/** Why a read failed, for the page: in people's words, without hosts or system error codes. */
export const READ_FAILURE_WORDS: Record<FailureKind, string> = {
  timeout: "FTS did not answer in time",
  network: "FTS could not be reached",
  http: "FTS answered with an error",
  auth: "FTS refused our credentials",
  parse: "FTS's answer could not be read",
  schema: "FTS's answer was not the status we read (a list is missing)",
  not_found: "FTS's status page was not found",
};

const sharedBackoff = new EndpointBackoff();
export const dropboxSettingKey = (experimentId: number) => `dropbox.${experimentId}`;

export type ExternalRead = { experiments: number; read: number; failed: number; skipped: number; changed: number; left: number; located: number; errors: string[] };

async function saveHealth(experimentId: number, health: DropboxHealth) {
  const value = JSON.stringify(health);
  await db.$executeRaw`
    INSERT INTO "InstallationSetting" ("key", "value", "updatedAt") VALUES (${dropboxSettingKey(experimentId)}, ${value}::jsonb, now())
    ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = now()`;
}

export async function readHealth(experimentId: number): Promise<DropboxHealth | null> {
  const row = await db.installationSetting.findUnique({ where: { key: dropboxSettingKey(experimentId) } });
  return (row?.value as DropboxHealth | undefined) ?? null;
}

export type ReadOptions = { signal?: AbortSignal; fetchStatus?: (url: string) => Promise<AdapterResult<FtsRead>>; backoff?: EndpointBackoff };

const until = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export async function readFtsDropboxes(now: Date, opts: ReadOptions = {}): Promise<ExternalRead> {
  const { signal, fetchStatus = fetchFtsStatus, backoff = sharedBackoff } = opts;
  const exps = await db.experiment.findMany({ where: { ftsUrl: { not: null }, active: true }, select: { id: true, name: true, ftsUrl: true }, orderBy: { id: "asc" } });
  const out: ExternalRead = { experiments: 0, read: 0, failed: 0, skipped: 0, changed: 0, left: 0, located: 0, errors: [] };
  for (const e of exps) {
    const url = e.ftsUrl?.trim();
    if (!url) continue;
    if (signal?.aborted) break;
    out.experiments++;
    if (!backoff.allowed(url, now.getTime()).ok) {
      out.skipped++;
      continue;
    }
    const prev = await readHealth(e.id);
    const stale = async (reason: string) => {
      const b = backoff.failed(url, now.getTime());
      out.failed++;
      await saveHealth(e.id, { staleSince: prev?.staleSince ?? now.toISOString(), reason: `${reason}; next try after ${until(b.until)}`, lastReadAt: prev?.lastReadAt ?? null, failures: (prev?.failures ?? 0) + 1, skipped: prev?.skipped ?? 0 });
    };
    // The address is checked again on every use (as the catalogue's are): one saved before the rules is never called.
    const refused = refuseServiceAddress(url, "The FTS address", addressRules());
    if (refused) {
      out.errors.push(`${e.name}: ${refused}`);
      await stale("its address is not allowed (see Data handling)");
      continue;
    }
    const answer = await fetchStatus(url);
    if (!answer.ok) {
      console.error(`[outputs] the FTS dropbox of ${e.name} could not be read: ${answer.kind}: ${answer.message}`);
      out.errors.push(`${e.name}: ${READ_FAILURE_WORDS[answer.kind] ?? "FTS could not be read"}`);
      await stale(READ_FAILURE_WORDS[answer.kind] ?? "FTS could not be read");
      continue;
    }
    try {
      const r = await recordDropbox(e.id, answer.value.files.map(fromFts), { complete: answer.value.complete, now });
      backoff.succeeded(url);
      out.read++;
      out.changed += r.changed;
      out.left += r.left;
      out.located += r.located;
      if (r.locationError) out.errors.push(`${e.name}: ${r.locationError}`);
      await saveHealth(e.id, { staleSince: null, reason: "", lastReadAt: now.toISOString(), failures: 0, skipped: answer.value.skipped });
    } catch (err) {
      const detail = err instanceof Error ? err.message.slice(0, 300) : String(err);
      console.error(`[outputs] the FTS dropbox of ${e.name} was read but could not be recorded: ${detail}`);
      out.errors.push(`${e.name}: could not record the dropbox`);
      try {
        await stale("FTS was read but what it holds could not be recorded");
      } catch {
        // The database refuses even the health row: the log line above is all we can do; the next run tries again.
      }
    }
  }
  return out;
}
