/**
 * An output's catalogue metadata, from the input it was made from: the parent's physics metadata (e.g.
 * "nova.hornpolarity") WITHOUT the keys that describe the parent file itself (its data tier, file type and format,
 * size, events, checksums, name, parents, and our own poms.* keys), plus `parents`, `poms.output: true` and
 * `poms.submission_id`. As SQL over `p` (the parent DataFile, may be null) and `u` (name, sid) of declare-embedded.
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/** Keys of a parent's metadata an output does not inherit. */
export const NOT_INHERITED = [
  "data_tier", "core.data_tier", "file_type", "core.file_type", "file_format", "core.file_format", "file_name", "core.file_name",
  "file_size", "size", "core.file_size", "event_count", "core.event_count", "checksum", "checksums", "core.checksums", "parents", "core.parents",
  "first_event", "last_event", "core.first_event_number", "core.last_event_number", "poms.output", "poms.submission_id",
];

export const outputMetadataSql = Prisma.sql`
  (COALESCE(p."metadata", '{}'::jsonb) - ${NOT_INHERITED}::text[])
  || jsonb_build_object('parents', CASE WHEN p.id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(p."name") END, 'poms.output', true, 'poms.submission_id', u.sid)`;
