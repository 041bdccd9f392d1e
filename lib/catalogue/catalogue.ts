/**
 * The data catalogue as launching sees it: a dataset's files, in order. One interface, a client per
 * catalogue; this issue builds the embedded one (datasets kept in our database), the data-chains issue adds
 * SAM and MetaCat clients behind the same interface. Clients answer AdapterResult and never throw.
 */
import type { AdapterResult } from "@/lib/adapters/result";

export type CatalogueFile = { name: string; position: number; runNumber: number | null };

export interface DataCatalogue {
  readonly name: string;
  /** Every file of the dataset, in dataset order; not_found when the experiment has no such dataset. */
  datasetFiles(experimentId: number, dataset: string): Promise<AdapterResult<CatalogueFile[]>>;
  /** How many files the dataset has (cheap; for pages). */
  countFiles(experimentId: number, dataset: string): Promise<AdapterResult<number>>;
  /** The experiment's datasets by name, with their file counts (for pickers). */
  listDatasets(experimentId: number): Promise<AdapterResult<{ name: string; files: number }[]>>;
}
