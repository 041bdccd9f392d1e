import "server-only";
import type { DataCatalogue } from "./catalogue";
import { embeddedCatalogue } from "./embedded";

export type { CatalogueFile, DataCatalogue } from "./catalogue";

/** The catalogue an experiment's datasets live in (the data-chains issue chooses SAM or MetaCat per experiment here). */
export function catalogueFor(_experimentId: number): DataCatalogue {
  return embeddedCatalogue;
}
