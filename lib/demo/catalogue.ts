/**
 * The demo's embedded catalogue: per experiment a few thousand raw files over ~60 days (runs of 10 subruns, the
 * experiment's own detectors and trigger streams, start/end times, sizes, event counts; most staged on disk), reco
 * outputs of some of them declared with parentage and locations, and datasets: the listed `<exp>_raw_2026` the demo
 * campaigns launch on (its 120 files and their names as before; a few are named `_bad` and `_big`, which the demo
 * job fails on), and datasets that are metadata queries (lib/catalogue/query.ts). Bulk SQL over generate_series:
 * a few statements per experiment. Deterministic apart from times, which are relative to the seeding moment.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** The first run of each experiment's raw data; the demo dataset is its first 12 runs × 10 subruns. */
export const RUN_BASE: Record<string, number> = { nova: 1000, dune: 2000, uboone: 5000, icarus: 7000, sbnd: 9000, mu2e: 11000, gm2: 13000 };
/** Runs in the whole catalogue per experiment (10 subruns each). */
export const CATALOGUE_RUNS = 252;

const DETECTORS: Record<string, string[]> = { nova: ["far", "near"], dune: ["fd-hd", "fd-vd", "nd-lar"], uboone: ["uboone"], icarus: ["east", "west"], sbnd: ["sbnd"] };
const STREAMS: Record<string, string[]> = {
  nova: ["numi", "cosmic", "ddactivity"],
  dune: ["physics", "cosmics", "calibration"],
  uboone: ["bnb", "numi", "extbnb"],
  icarus: ["bnb", "numi", "offbeam"],
  sbnd: ["bnb", "crossingmuon", "offbeam"],
};

/** The name of a raw file; in the demo dataset's runs a few are named to fail (`_bad`) or to need more memory (`_big`). */
export function rawFileName(exp: string, run: number, sub: number) {
  const demo = run - RUN_BASE[exp] < 12;
  const special = demo ? (sub === 7 && run % 3 === 1 ? "_bad" : sub === 4 && run % 4 === 2 ? "_big" : "") : sub === 7 && run % 17 === 1 ? "_bad" : sub === 4 && run % 23 === 2 ? "_big" : "";
  return `${exp}_raw_r${String(run).padStart(6, "0")}_s${String(sub).padStart(3, "0")}${special}.root`;
}

const DAY = 86_400_000;

/** Seeds the catalogue of `experiments`; returns each experiment's demo dataset name. `rand` sizes the demo files as before. */
export async function seedDemoCatalogue(db: PrismaClient, ctx: { expId: Record<string, number>; experiments: string[]; rand: () => number; now: Date }): Promise<Record<string, string>> {
  const datasetOf: Record<string, string> = {};
  const start = new Date(ctx.now.getTime() - 60 * DAY);
  // A run every 60 days / 252 runs (≈ 5.7 h); a subrun file every 10 minutes of it, 9.5 minutes long.
  const runEveryMs = Math.floor((60 * DAY) / CATALOGUE_RUNS);
  for (const exp of ctx.experiments) {
    const e = ctx.expId[exp];
    const base = RUN_BASE[exp];
    const detectors = DETECTORS[exp] ?? [exp];
    const streams = STREAMS[exp] ?? ["physics"];
    const runs = Array.from({ length: CATALOGUE_RUNS * 10 }, (_, i) => ({ run: base + Math.floor(i / 10), sub: i % 10 }));
    // The demo dataset's sizes come from the seed's random sequence, as they always did; the rest from a hash.
    const sizes = runs.map((r, i) => (i < 120 ? 1_500_000_000 + Math.floor(ctx.rand() * 500_000_000) : 1_500_000_000 + ((r.run * 7919 + r.sub * 104729) % 500_000_000)));
    await db.$executeRaw`
      INSERT INTO "DataFile" ("experimentId", "name", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "endTime", "sizeBytes", "eventCount", "metadata", "location", "locatedAt", "declaredAt")
      SELECT ${e}, t.name, t.run, t.sub,
             (${detectors}::text[])[1 + (t.run % ${detectors.length})],
             -- about one file in 200 was written without its trigger stream (the catch-all slice shows them)
             CASE WHEN t.i >= 120 AND (t.run * 31 + t.sub * 17) % 199 = 0 THEN NULL ELSE (${streams}::text[])[1 + ((t.run * 7 + t.sub * 3) % ${streams.length})] END,
             'raw', t.st, t.st + interval '570 seconds', t.size, 200 + (t.run * 13 + t.sub * 29) % 400,
             jsonb_build_object('file_format', 'artroot', 'file_type', 'data', 'run_type', 'physics', ${`${exp}.period`}::text, 'P' || (1 + (t.run - ${base}) / 63)),
             -- staged on disk, except one run in five (only on tape); the demo dataset is all on disk
             CASE WHEN t.i < 120 OR t.run % 5 <> 3 THEN 'dcache:/pnfs/' || ${exp} || '/raw/' || lpad((t.run / 100)::text, 4, '0') || '/' || t.run END,
             CASE WHEN t.i < 120 OR t.run % 5 <> 3 THEN t.st + interval '2 hours' END,
             t.st + interval '15 minutes'
        FROM unnest(${runs.map((r) => rawFileName(exp, r.run, r.sub))}::text[], ${runs.map((r) => r.run)}::int[], ${runs.map((r) => r.sub)}::int[], ${sizes}::bigint[]) WITH ORDINALITY AS x(name, run, sub, size, n)
        CROSS JOIN LATERAL (SELECT x.name, x.run, x.sub, x.size, (x.n - 1)::int AS i,
                                   (${start.toISOString()}::timestamptz AT TIME ZONE 'UTC') + ((x.run - ${base}) * ${runEveryMs}::bigint + x.sub * 600000) * interval '1 millisecond' AS st) t`;

    // Reco outputs of the first 60 runs after the demo dataset's, declared with parentage and a location.
    await db.$executeRaw`
      WITH parents AS (
        SELECT id, "name", "runNumber", "subrun", "detector", "stream", "startTime", "endTime", "eventCount" FROM "DataFile"
         WHERE "experimentId" = ${e} AND "dataTier" = 'raw' AND "runNumber" BETWEEN ${base + 12} AND ${base + 71} AND "name" NOT LIKE '%\\_bad%'),
      reco AS (
        INSERT INTO "DataFile" ("experimentId", "name", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "endTime", "sizeBytes", "eventCount", "metadata", "declaredAt", "location", "locatedAt")
        SELECT ${e}, replace(p."name", '_raw_', '_reco_'), p."runNumber", p."subrun", p."detector", p."stream", 'reco', p."startTime", p."endTime", 300000000 + (p.id % 97) * 1000000, p."eventCount",
               jsonb_build_object('file_format', 'artroot', 'file_type', 'data', 'application', 'reco v3.2.1'), p."endTime" + interval '1 day',
               'dcache:/pnfs/' || ${exp} || '/reco/' || p."runNumber", p."endTime" + interval '1 day 1 hour'
          FROM parents p RETURNING id, "name")
      INSERT INTO "FileParentage" ("childId", "parentId") SELECT r.id, p.id FROM reco r JOIN parents p ON replace(p."name", '_raw_', '_reco_') = r."name"`;

    const det = detectors[0];
    const stream = streams[0];
    const ds = await db.dataset.create({ data: { experimentId: e, name: `${exp}_raw_2026`, description: `Raw data of runs ${base}–${base + 11}, 10 subruns each` } });
    await db.$executeRaw`
      INSERT INTO "DatasetFile" ("datasetId", "fileId", "position")
      SELECT ${ds.id}, id, (row_number() OVER (ORDER BY "name"))::int - 1 FROM "DataFile"
       WHERE "experimentId" = ${e} AND "dataTier" = 'raw' AND "runNumber" BETWEEN ${base} AND ${base + 11}`;
    await db.dataset.createMany({
      data: [
        { experimentId: e, name: `${exp}_raw_all`, query: "data_tier raw", description: "Every raw file in the catalogue (a query)" },
        { experimentId: e, name: `${exp}_${det}_${stream}_raw`, query: `data_tier raw and detector ${det} and data_stream ${stream}`, description: `Raw ${stream} data of the ${det} detector (a query)` },
        { experimentId: e, name: `${exp}_raw_recent`, query: `data_tier raw and start_time >= ${new Date(ctx.now.getTime() - 14 * DAY).toISOString().slice(0, 10)}`, description: "Raw data of the last two weeks (a query)" },
        { experimentId: e, name: `${exp}_reco_2026`, query: "data_tier reco", description: "Reconstructed outputs declared so far (a query)" },
      ],
    });
    datasetOf[exp] = ds.name;
  }
  return datasetOf;
}
