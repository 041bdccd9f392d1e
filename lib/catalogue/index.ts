/**
 * The catalogue an experiment's datasets live in: Experiment.catalogueKind chooses the embedded client (our
 * database, the default), SAM (catalogueUrl = the samweb API base) or MetaCat (catalogueUrl) with Data Dispatcher
 * (dispatcherUrl). `catalogueFor` stays synchronous for its callers; the experiment's choice is read lazily on the
 * first call and kept for a minute (`forgetCatalogue` drops it when the choice changes).
 */
import "server-only";
import { db } from "@/lib/db";
import type { DataCatalogue } from "./catalogue";
import { embeddedCatalogue } from "./embedded";
import { clientFor } from "./clients";

export type { CatalogueFile, DataCatalogue, DeclaredFile, DeclareOutcome, ProjectProgress, ProjectState } from "./catalogue";
export { datasetFilesSql, queryFilesSql } from "./dataset-sql";
export { declareEmbeddedFiles } from "./embedded";
export { snapshotDataset, snapshotIfStale, lastSnapshotAt, MIRROR_TTL_MS, type SnapshotOutcome } from "./snapshot";
export { clientFor, type CatalogueChoice } from "./clients";

const KEEP_MS = 60_000;
const cache = new Map<number, { client: DataCatalogue; until: number }>();

async function resolve(experimentId: number): Promise<DataCatalogue> {
  const hit = cache.get(experimentId);
  if (hit && hit.until > Date.now()) return hit.client;
  const e = await db.experiment.findUnique({ where: { id: experimentId }, select: { id: true, name: true, catalogueKind: true, catalogueUrl: true, dispatcherUrl: true } });
  const client = e ? clientFor(e) : embeddedCatalogue;
  cache.set(experimentId, { client, until: Date.now() + KEEP_MS });
  return client;
}

/** Drops the remembered client of an experiment (after its catalogue choice changed). */
export function forgetCatalogue(experimentId: number) {
  cache.delete(experimentId);
}

/** The catalogue an experiment's datasets live in. */
export function catalogueFor(experimentId: number): DataCatalogue {
  return {
    name: "catalogue",
    datasetFiles: async (e, d) => (await resolve(experimentId)).datasetFiles(e, d),
    countFiles: async (e, d) => (await resolve(experimentId)).countFiles(e, d),
    listDatasets: async (e) => (await resolve(experimentId)).listDatasets(e),
    queryFiles: async (e, q) => (await resolve(experimentId)).queryFiles(e, q),
    declareFiles: async (e, f) => (await resolve(experimentId)).declareFiles(e, f),
    locations: async (e, n) => (await resolve(experimentId)).locations(e, n),
    projectProgress: async (e, p) => (await resolve(experimentId)).projectProgress(e, p),
  };
}
