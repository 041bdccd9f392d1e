/**
 * A snapshot of an outside catalogue's dataset in our tables, so that slicing runs in SQL the same way for every
 * catalogue: the dataset's files with their metadata are upserted into DataFile in bulk (multi-row INSERT … ON
 * CONFLICT per chunk), and Dataset/DatasetFile are replaced by the listed files in the catalogue's order, all in one
 * transaction with its audit event. A failed read changes nothing. For the embedded catalogue there is nothing to
 * copy: the dataset already lives here.
 */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import { clientFor } from "./clients";
import { embeddedCatalogue } from "./embedded";
import { upsertFiles, MIRROR_CHUNK } from "./mirror";

export type SnapshotOutcome = { dataset: string; files: number; mirrored: boolean; catalogue: "EMBEDDED" | "SAM" | "METACAT" };

const MAX_NAME = 300;

/** Launches read an outside dataset again at most this often (per dataset); previews never read it. */
export const MIRROR_TTL_MS = 10 * 60_000;

/** When the dataset was last copied from its outside catalogue (the newest `catalogue.snapshot` event), or null. */
export async function lastSnapshotAt(experimentId: number, dataset: string): Promise<Date | null> {
  const ds = await db.dataset.findUnique({ where: { experimentId_name: { experimentId, name: dataset.trim() } }, select: { id: true } });
  if (!ds) return null;
  const e = await db.auditEvent.findFirst({ where: { entityType: "dataset", entityId: String(ds.id), action: "catalogue.snapshot" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  return e?.createdAt ?? null;
}

/**
 * A launch's copy of its outside dataset: read again only when the last copy is older than `ttlMs` (default
 * MIRROR_TTL_MS), so launches in a row (a schedule, a chain, a person clicking) do not each list a million files.
 */
export async function snapshotIfStale(experimentId: number, dataset: string, opts: { actorId?: number | null; requestId?: string; ttlMs?: number; now?: number } = {}): Promise<AdapterResult<{ mirrored: boolean; at: Date }>> {
  const at = await lastSnapshotAt(experimentId, dataset);
  const now = opts.now ?? Date.now();
  if (at && now - at.getTime() < (opts.ttlMs ?? MIRROR_TTL_MS)) return success({ mirrored: false, at });
  const r = await snapshotDataset(experimentId, dataset, opts);
  return r.ok ? success({ mirrored: r.value.mirrored, at: new Date(now) }) : r;
}

export async function snapshotDataset(experimentId: number, dataset: string, opts: { actorId?: number | null; requestId?: string } = {}): Promise<AdapterResult<SnapshotOutcome>> {
  const name = dataset.trim();
  if (!name || name.length > MAX_NAME) return failure("schema", `A dataset name has 1 to ${MAX_NAME} characters.`);
  const e = await db.experiment.findUnique({ where: { id: experimentId }, select: { id: true, name: true, catalogueKind: true, catalogueUrl: true, dispatcherUrl: true } });
  if (!e) return failure("not_found", `There is no experiment ${experimentId}.`);
  if (e.catalogueKind === "EMBEDDED") {
    const n = await embeddedCatalogue.countFiles(experimentId, name);
    return n.ok ? success({ dataset: name, files: n.value, mirrored: false, catalogue: e.catalogueKind }) : n;
  }
  const listed = await clientFor(e).datasetFiles(experimentId, name);
  if (!listed.ok) return listed;
  const files = listed.value;
  const source = e.catalogueKind === "SAM" ? "SAM" : "MetaCat";
  await db.$transaction(
    async (tx) => {
      await upsertFiles(tx, experimentId, files.map((f) => ({ name: f.name, columns: f, metadata: f.metadata })), { declared: false });
      const description = `Snapshot of ${source} dataset ${name}: ${files.length} files at ${new Date().toISOString()}`;
      const ds = await tx.dataset.upsert({
        where: { experimentId_name: { experimentId, name } },
        create: { experimentId, name, description, query: "" },
        update: { description, query: "" },
      });
      await tx.$executeRaw`DELETE FROM "DatasetFile" WHERE "datasetId" = ${ds.id}`;
      for (let i = 0; i < files.length; i += MIRROR_CHUNK) {
        const chunk = files.slice(i, i + MIRROR_CHUNK);
        await tx.$executeRaw`
          INSERT INTO "DatasetFile" ("datasetId", "fileId", "position")
          SELECT ${ds.id}, f.id, x.position FROM unnest(${chunk.map((c) => c.name)}::text[], ${chunk.map((c) => c.position)}::int[]) x(name, position)
            JOIN "DataFile" f ON f."experimentId" = ${experimentId} AND f."name" = x.name`;
      }
      await recordAudit(tx, {
        actorId: opts.actorId ?? null,
        action: "catalogue.snapshot",
        entityType: "dataset",
        entityId: ds.id,
        experimentId,
        data: { dataset: name, catalogue: e.catalogueKind, files: files.length },
        requestId: opts.requestId,
      });
    },
    { timeout: 300_000 },
  );
  return success({ dataset: name, files: files.length, mirrored: true, catalogue: e.catalogueKind });
}
