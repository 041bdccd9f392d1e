/**
 * The embedded data catalogue: a dataset is a named, ordered list of files kept in our own database
 * (Dataset, DatasetFile, DataFile), seeded for the demo. One statement per call.
 */
import "server-only";
import { db } from "@/lib/db";
import { failure, success } from "@/lib/adapters/result";
import type { CatalogueFile, DataCatalogue } from "./catalogue";

export const embeddedCatalogue: DataCatalogue = {
  name: "embedded",
  async datasetFiles(experimentId, dataset) {
    const rows = await db.$queryRaw<(CatalogueFile & { found: boolean })[]>`
      SELECT d.id IS NOT NULL AS found, f."name", df."position", f."runNumber"
        FROM (SELECT 1) one
        LEFT JOIN "Dataset" d ON d."experimentId" = ${experimentId} AND d."name" = ${dataset}
        LEFT JOIN "DatasetFile" df ON df."datasetId" = d.id
        LEFT JOIN "DataFile" f ON f.id = df."fileId"
       ORDER BY df."position"`;
    if (!rows.length || !rows[0].found) return failure("not_found", `There is no dataset named “${dataset}” in the catalogue.`);
    return success(rows.filter((r) => r.name !== null).map(({ name, position, runNumber }) => ({ name, position, runNumber })));
  },
  async countFiles(experimentId, dataset) {
    const rows = await db.$queryRaw<{ n: number }[]>`
      SELECT count(df."fileId")::int AS n FROM "Dataset" d LEFT JOIN "DatasetFile" df ON df."datasetId" = d.id
       WHERE d."experimentId" = ${experimentId} AND d."name" = ${dataset} GROUP BY d.id`;
    return rows.length ? success(rows[0].n) : failure("not_found", `There is no dataset named “${dataset}” in the catalogue.`);
  },
  async listDatasets(experimentId) {
    const rows = await db.$queryRaw<{ name: string; files: number }[]>`
      SELECT d."name", count(df."fileId")::int AS files FROM "Dataset" d LEFT JOIN "DatasetFile" df ON df."datasetId" = d.id
       WHERE d."experimentId" = ${experimentId} GROUP BY d.id ORDER BY d."name"`;
    return success(rows);
  },
};
