/**
 * The client for an experiment's catalogue choice: embedded, SAM (catalogueUrl) or MetaCat with Data Dispatcher
 * (catalogueUrl, dispatcherUrl). A choice without its address, or with one the server may not call
 * (service-address.ts), answers every call with a failure that says so. The server-wide token is sent only when
 * every address the client calls is on POMS_CATALOGUE_TOKEN_HOSTS.
 */
import "server-only";
import { env } from "@/lib/env";
import { failure, type AdapterResult } from "@/lib/adapters/result";
import { EndpointBackoff } from "@/lib/adapters/backoff";
import type { DataCatalogue } from "./catalogue";
import { embeddedCatalogue } from "./embedded";
import { samCatalogue } from "./sam";
import { metacatCatalogue } from "./metacat";
import { parseTokenHosts, refuseServiceAddress, tokenGoesTo, type AddressRules } from "./service-address";

/** One backoff for all outside catalogues of this process: a failing server is skipped for a doubling while. */
const backoff = new EndpointBackoff(30_000, 600_000);

/** A client that answers every call with the same failure (a catalogue chosen without its URL). */
function unusable(message: string): DataCatalogue {
  const no = async (): Promise<AdapterResult<never>> => failure("not_found", message);
  return { name: "unusable", datasetFiles: no, countFiles: no, listDatasets: no, queryFiles: no, declareFiles: no, locations: no, projectProgress: no };
}

export type CatalogueChoice = { id: number; name: string; catalogueKind: "EMBEDDED" | "SAM" | "METACAT"; catalogueUrl: string | null; dispatcherUrl: string | null };

/** The address rules of this server: plain http to this machine only with POMS_CATALOGUE_ALLOW_HTTP=1. */
export const addressRules = (): AddressRules => ({ allowHttpLoopback: env().POMS_CATALOGUE_ALLOW_HTTP === "1" });

/** The catalogue token, when every address the client will call is on POMS_CATALOGUE_TOKEN_HOSTS; else none. */
function tokenFor(addresses: (string | null)[]): string | undefined {
  const e = env();
  const hosts = parseTokenHosts(e.POMS_CATALOGUE_TOKEN_HOSTS);
  const rules = addressRules();
  return e.POMS_CATALOGUE_TOKEN && addresses.every((a) => a === null || tokenGoesTo(a, hosts, rules)) ? e.POMS_CATALOGUE_TOKEN : undefined;
}

export function clientFor(choice: CatalogueChoice): DataCatalogue {
  // Addresses saved before the rules were tightened are checked again here: the server never calls an inward one.
  for (const [address, label] of [
    [choice.catalogueUrl, "The catalogue address"],
    [choice.dispatcherUrl, "The Data Dispatcher address"],
  ] as const) {
    const refused = address ? refuseServiceAddress(address, label, addressRules()) : null;
    if (choice.catalogueKind !== "EMBEDDED" && refused) return unusable(`${choice.name}'s data handling cannot be used: ${refused}`);
  }
  switch (choice.catalogueKind) {
    case "EMBEDDED":
      return embeddedCatalogue;
    case "SAM":
      return choice.catalogueUrl
        ? samCatalogue({ baseUrl: choice.catalogueUrl, token: tokenFor([choice.catalogueUrl]), backoff })
        : unusable(`${choice.name} uses SAM but has no SAM web address: set it on the experiment's data handling.`);
    case "METACAT":
      return choice.catalogueUrl
        ? metacatCatalogue({
            metacatUrl: choice.catalogueUrl,
            dispatcherUrl: choice.dispatcherUrl,
            namespace: choice.name,
            token: tokenFor([choice.catalogueUrl, choice.dispatcherUrl]),
            backoff,
            // MetaCat keeps no locations: what the dropbox step recorded in our mirror stands for them.
            fallbackLocations: (names) => embeddedCatalogue.locations(choice.id, names),
          })
        : unusable(`${choice.name} uses MetaCat but has no MetaCat address: set it on the experiment's data handling.`);
  }
}

