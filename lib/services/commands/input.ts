/**
 * What requests about scheduled downtimes, incidents and watches look like (strict zod schemas, the edge of
 * lib/http/input.ts). Times are ISO 8601 instants with an explicit offset or Z ("2026-12-02T08:00:00Z").
 */
import { z } from "zod";
import { intId, textBlock, textLine, version } from "@/lib/http/input";
import { INCIDENT_IMPACT_ORDER, INCIDENT_STATUS_ORDER } from "../maintenance";

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant written as ISO 8601 with its offset; anything else names the field and the expected form. */
export const instant = (label: string) =>
  z
    .string({ message: `${label} is required.` })
    .regex(INSTANT, `${label} must be a date and time with its time zone, like 2026-12-02T08:00Z.`)
    .transform((s) => new Date(s))
    .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, `${label} is not a real date between 2000 and 2100.`);

export const createDowntimeInput = z.strictObject({
  serviceId: intId("service"),
  startsAt: instant("start"),
  endsAt: instant("end"),
  title: textLine("title", 200),
  reason: textBlock("reason", 4000),
});
export type CreateDowntimeInput = z.infer<typeof createDowntimeInput>;

/** Move, resize or edit: the version read, and any of the fields. */
export const editDowntimeInput = z.strictObject({
  version: version(),
  serviceId: intId("service").optional(),
  startsAt: instant("start").optional(),
  endsAt: instant("end").optional(),
  title: textLine("title", 200).optional(),
  reason: textBlock("reason", 4000).optional(),
});
export type EditDowntimeInput = z.infer<typeof editDowntimeInput>;

export const incidentStatus = z.enum(INCIDENT_STATUS_ORDER as [string, ...string[]], { message: `status must be one of ${INCIDENT_STATUS_ORDER.join(", ").toLowerCase()}.` }).transform((s) => s as (typeof INCIDENT_STATUS_ORDER)[number]);
export const incidentImpact = z.enum(INCIDENT_IMPACT_ORDER as [string, ...string[]], { message: `impact must be one of ${INCIDENT_IMPACT_ORDER.join(", ").toLowerCase()}.` }).transform((s) => s as (typeof INCIDENT_IMPACT_ORDER)[number]);

export const createIncidentInput = z.strictObject({
  title: textLine("title", 200),
  impact: incidentImpact.default("MINOR"),
  status: incidentStatus.default("INVESTIGATING"),
  serviceIds: z.array(intId("service"), { message: "services must be a list of service ids." }).min(1, "Name at least one affected service.").max(50, "At most 50 services per incident."),
  message: textBlock("first update", 8000, true),
});
export type CreateIncidentInput = z.infer<typeof createIncidentInput>;

export const postIncidentUpdateInput = z.strictObject({
  version: version(),
  status: incidentStatus,
  message: textBlock("update", 8000, true),
});
export type PostIncidentUpdateInput = z.infer<typeof postIncidentUpdateInput>;
