/**
 * The data catalogue as POMS sees it, one interface with a client per catalogue: embedded (our database, the
 * default), SAM (samweb REST) and MetaCat + Data Dispatcher (REST). Datasets are named lists of files or metadata
 * queries (lib/catalogue/query.ts); files carry the metadata slicing needs; outputs are declared with their
 * parentage and locations; a data-handling project reports its progress. Clients answer AdapterResult and never
 * throw; a failed read is never an empty dataset. docs/data-handling.md has the formats, with their sources.
 */
import type { AdapterResult } from "@/lib/adapters/result";

export type CatalogueFile = {
  name: string;
  /** Order within the dataset, from 0 (slices follow it). */
  position: number;
  runNumber: number | null;
  subrun: number | null;
  detector: string | null;
  /** Trigger stream (SAM's data_stream). */
  stream: string | null;
  dataTier: string | null;
  startTime: Date | null;
  endTime: Date | null;
  sizeBytes: number | null;
  eventCount: number | null;
  /** Everything the catalogue knows about the file, as it said it. */
  metadata: Record<string, unknown>;
};

/** An output to declare: its name, metadata (keys as in lib/catalogue/metadata.ts), parents by name, size, and where it is stored if known. */
export type DeclaredFile = { name: string; metadata: Record<string, unknown>; parents: string[]; size: number; location?: string };
export type DeclareOutcome = { declared: number; located: number };

/** Where a data-handling project stands (a SAM project, a Data Dispatcher project, or a submission's inputs in our own database). */
export type ProjectState = "active" | "done" | "failed" | "cancelled" | "abandoned" | "unknown";
export type ProjectProgress = {
  state: ProjectState;
  /** The catalogue's own word for the state. */
  rawState: string;
  files: number;
  consumed: number;
  failed: number;
  skipped: number;
  delivered: number;
  unknown: number;
  /** (consumed + failed + skipped) / files, 0–100, one decimal. */
  percent: number;
};

export interface DataCatalogue {
  readonly name: string;
  /** Every file of the dataset, in dataset order; not_found when the experiment has no such dataset. */
  datasetFiles(experimentId: number, dataset: string): Promise<AdapterResult<CatalogueFile[]>>;
  /** How many files the dataset has (cheap; for pages). */
  countFiles(experimentId: number, dataset: string): Promise<AdapterResult<number>>;
  /** The experiment's datasets by name, with their file counts (for pickers). */
  listDatasets(experimentId: number): Promise<AdapterResult<{ name: string; files: number }[]>>;
  /** The files a query selects (embedded and SAM: our dimension language; MetaCat: MQL), in catalogue order. */
  queryFiles(experimentId: number, query: string): Promise<AdapterResult<CatalogueFile[]>>;
  /** Declares outputs with metadata and parentage (and a location when given). Idempotent for the same files. */
  declareFiles(experimentId: number, files: DeclaredFile[]): Promise<AdapterResult<DeclareOutcome>>;
  /** Where each named file is stored: name → locations (empty when none is known). */
  locations(experimentId: number, names: string[]): Promise<AdapterResult<Record<string, string[]>>>;
  /** Progress of a data-handling project (embedded: a submission id). */
  projectProgress(experimentId: number, project: string): Promise<AdapterResult<ProjectProgress>>;
}

/** Percent of a project's files that are finished one way or another, one decimal. */
export function projectPercent(p: { files: number; consumed: number; failed: number; skipped: number }): number {
  return p.files > 0 ? Math.round(((p.consumed + p.failed + p.skipped) / p.files) * 1000) / 10 : 0;
}
