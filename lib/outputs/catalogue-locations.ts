/**
 * Which of these declared output files have a location in the experiment's catalogue: the one question the
 * outputs step asks the catalogue. Today it is answered from the embedded catalogue (DataFile.location, one
 * statement), which is where the embedded dropbox declares; the catalogue port is being extended in parallel
 * (`locations` for SAM and MetaCat), and this function is the one place to call it from when it lands
 * (docs/outputs.md). Never throws.
 */
import "server-only";
import { db } from "@/lib/db";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";

export async function catalogueLocations(experimentId: number, names: string[]): Promise<AdapterResult<Map<string, string>>> {
  if (!names.length) return success(new Map());
  try {
    const rows = await db.$queryRaw<{ name: string; location: string }[]>`
      SELECT "name", "location" FROM "DataFile" WHERE "experimentId" = ${experimentId} AND "name" = ANY(${names}::text[]) AND "location" IS NOT NULL`;
    return success(new Map(rows.map((r) => [r.name, r.location])));
  } catch (err) {
    console.error("[outputs] the embedded catalogue could not be read for locations:", err);
    return failure("network", "The catalogue could not be read.");
  }
}
