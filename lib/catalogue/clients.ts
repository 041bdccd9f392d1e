/**
 * The client for an experiment's catalogue choice: embedded, SAM (catalogueUrl) or MetaCat with Data Dispatcher
 * (catalogueUrl, dispatcherUrl). A choice without its address answers every call with a failure that says so.
 */
import "server-only";
import { env } from "@/lib/env";
import { failure, type AdapterResult } from "@/lib/adapters/result";
import { EndpointBackoff } from "@/lib/adapters/backoff";
import type { DataCatalogue } from "./catalogue";
import { embeddedCatalogue } from "./embedded";
import { samCatalogue } from "./sam";
import { metacatCatalogue } from "./metacat";

/** One backoff for all outside catalogues of this process: a failing server is skipped for a doubling while. */
const backoff = new EndpointBackoff(30_000, 600_000);

/** A client that answers every call with the same failure (a catalogue chosen without its URL). */
function unusable(message: string): DataCatalogue {
  const no = async (): Promise<AdapterResult<never>> => failure("not_found", message);
  return { name: "unusable", datasetFiles: no, countFiles: no, listDatasets: no, queryFiles: no, declareFiles: no, locations: no, projectProgress: no };
}

export type CatalogueChoice = { id: number; name: string; catalogueKind: "EMBEDDED" | "SAM" | "METACAT"; catalogueUrl: string | null; dispatcherUrl: string | null };

export function clientFor(choice: CatalogueChoice): DataCatalogue {
  const token = env().POMS_CATALOGUE_TOKEN;
  switch (choice.catalogueKind) {
    case "EMBEDDED":
      return embeddedCatalogue;
    case "SAM":
      return choice.catalogueUrl ? samCatalogue({ baseUrl: choice.catalogueUrl, token, backoff }) : unusable(`${choice.name} uses SAM but has no SAM web address: set it on the experiment's data handling.`);
    case "METACAT":
      return choice.catalogueUrl
        ? metacatCatalogue({
            metacatUrl: choice.catalogueUrl,
            dispatcherUrl: choice.dispatcherUrl,
            namespace: choice.name,
            token,
            backoff,
            // MetaCat keeps no locations: what the dropbox step recorded in our mirror stands for them.
            fallbackLocations: (names) => embeddedCatalogue.locations(choice.id, names),
          })
        : unusable(`${choice.name} uses MetaCat but has no MetaCat address: set it on the experiment's data handling.`);
  }
}

