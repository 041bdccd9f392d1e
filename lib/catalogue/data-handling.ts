/**
 * An experiment's data handling: which catalogue its datasets live in (embedded, SAM, or MetaCat with Data
 * Dispatcher) and the addresses of those services and of its output dropbox (FTS or declad). Reading needs
 * `experiment.view`; changing needs `experiment.configure` (administrators only: the server calls these addresses), is audited with the
 * old and new values in the same transaction, and takes effect at once (the remembered client is dropped).
 */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { cleanText } from "@/lib/http/input";
import { forgetCatalogue } from "./index";
import { addressRules } from "./clients";
import { refuseServiceAddress } from "./service-address";

const MAX_URL = 500;

/** A service address the server may call (lib/catalogue/service-address.ts: https, public, no credentials). */
const serviceUrl = (label: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((s) => (s === null || s === undefined ? null : cleanText(s).trim() || null))
    .superRefine((s, ctx) => {
      if (s === null) return;
      if (s.length > MAX_URL) return ctx.addIssue({ code: "custom", message: `${label} must be at most ${MAX_URL} characters.` });
      const refused = refuseServiceAddress(s, label, addressRules());
      if (refused) ctx.addIssue({ code: "custom", message: refused });
    });

export const dataHandlingInput = z
  .strictObject({
    catalogueKind: z.enum(["EMBEDDED", "SAM", "METACAT"], { message: "Catalogue must be EMBEDDED (kept here), SAM or METACAT." }),
    catalogueUrl: serviceUrl("The catalogue address"),
    dispatcherUrl: serviceUrl("The Data Dispatcher address"),
    ftsUrl: serviceUrl("The dropbox status address"),
  })
  .superRefine((v, ctx) => {
    if (v.catalogueKind === "SAM" && !v.catalogueUrl) ctx.addIssue({ code: "custom", path: ["catalogueUrl"], message: "SAM needs its web address, such as https://samnova.fnal.gov:8483/sam/nova/api." });
    if (v.catalogueKind === "METACAT" && !v.catalogueUrl) ctx.addIssue({ code: "custom", path: ["catalogueUrl"], message: "MetaCat needs its server address, such as https://metacat.fnal.gov:9443/dune_meta_prod/app." });
    if (v.catalogueKind === "EMBEDDED" && v.catalogueUrl) ctx.addIssue({ code: "custom", path: ["catalogueUrl"], message: "The embedded catalogue lives here: leave the catalogue address empty." });
    if (v.catalogueKind !== "METACAT" && v.dispatcherUrl) ctx.addIssue({ code: "custom", path: ["dispatcherUrl"], message: "Data Dispatcher goes with MetaCat: leave its address empty for this catalogue." });
  });
export type DataHandlingInput = z.infer<typeof dataHandlingInput>;

export type DataHandling = { experiment: string; catalogueKind: "EMBEDDED" | "SAM" | "METACAT"; catalogueUrl: string | null; dispatcherUrl: string | null; ftsUrl: string | null };

const SELECT = { id: true, name: true, catalogueKind: true, catalogueUrl: true, dispatcherUrl: true, ftsUrl: true } as const;
const shape = (e: { name: string; catalogueKind: DataHandling["catalogueKind"]; catalogueUrl: string | null; dispatcherUrl: string | null; ftsUrl: string | null }): DataHandling => ({
  experiment: e.name,
  catalogueKind: e.catalogueKind,
  catalogueUrl: e.catalogueUrl,
  dispatcherUrl: e.dispatcherUrl,
  ftsUrl: e.ftsUrl,
});

async function experimentNamed(name: string) {
  const e = await db.experiment.findUnique({ where: { name }, select: SELECT });
  if (!e) throw notFound(`Experiment "${name}"`);
  return e;
}

export async function readDataHandling(person: SignedInPerson, experiment: string): Promise<DataHandling> {
  const e = await experimentNamed(experiment);
  const d = decide(person, "experiment.view", { experimentId: e.id });
  if (!d.allowed) throw forbidden(d.reason);
  return shape(e);
}

export async function setDataHandling(person: SignedInPerson, experiment: string, input: DataHandlingInput, requestId?: string): Promise<DataHandling> {
  const e = await experimentNamed(experiment);
  const d = decide(person, "experiment.configure", { experimentId: e.id });
  if (!d.allowed) throw forbidden(d.reason);
  const next = { catalogueKind: input.catalogueKind, catalogueUrl: input.catalogueUrl ?? null, dispatcherUrl: input.dispatcherUrl ?? null, ftsUrl: input.ftsUrl ?? null };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== e[k]);
  if (!changed.length) return shape(e);
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.experiment.update({ where: { id: e.id }, data: next, select: SELECT });
    await recordAudit(tx, {
      actorId: person.id,
      action: "experiment.data_handling",
      entityType: "experiment",
      entityId: e.id,
      experimentId: e.id,
      data: Object.fromEntries(changed.map((k) => [k, { from: e[k], to: next[k] }])),
      requestId,
    });
    return row;
  });
  forgetCatalogue(e.id);
  if (!updated) throw new DomainError("conflict", "The experiment changed while saving; reload and try again.");
  return shape(updated);
}
