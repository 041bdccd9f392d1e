/**
 * Reading each experiment's FTS dropbox (Experiment.ftsUrl) and recording what it holds (record-transfers.ts).
 * A failed read is never a state change: the transfers keep what they were, the experiment's dropbox is marked
 * "stale since …" with the reason (InstallationSetting "dropbox.<experiment id>", shown on submission pages), and
 * the endpoint is skipped for a doubling while (lib/adapters/backoff.ts: 30 s … 10 min).
 */
import "server-only";
import { db } from "@/lib/db";
import { EndpointBackoff } from "@/lib/adapters/backoff";
import type { AdapterResult } from "@/lib/adapters/result";
import { fetchFtsStatus, type FtsFile } from "./fts-status";
import { fromFts } from "./dropbox";
import { recordDropbox } from "./record-transfers";

export type DropboxHealth = { staleSince: string | null; reason: string; lastReadAt: string | null; failures: number };

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

export type ReadOptions = { signal?: AbortSignal; fetchStatus?: (url: string) => Promise<AdapterResult<FtsFile[]>>; backoff?: EndpointBackoff };

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
    const answer = await fetchStatus(url);
    if (!answer.ok) {
      const b = backoff.failed(url, now.getTime());
      out.failed++;
      out.errors.push(`${e.name}: ${answer.kind}: ${answer.message}`);
      await saveHealth(e.id, { staleSince: prev?.staleSince ?? now.toISOString(), reason: `${answer.message} (next try after ${new Date(b.until).toISOString().slice(11, 19)} UTC)`, lastReadAt: prev?.lastReadAt ?? null, failures: (prev?.failures ?? 0) + 1 });
      continue;
    }
    backoff.succeeded(url);
    try {
      const r = await recordDropbox(e.id, answer.value.map(fromFts), { complete: true, now });
      out.read++;
      out.changed += r.changed;
      out.left += r.left;
      out.located += r.located;
      if (r.locationError) out.errors.push(`${e.name}: ${r.locationError}`);
      await saveHealth(e.id, { staleSince: null, reason: "", lastReadAt: now.toISOString(), failures: 0 });
    } catch (err) {
      out.failed++;
      out.errors.push(`${e.name}: could not record the dropbox: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`);
    }
  }
  return out;
}
