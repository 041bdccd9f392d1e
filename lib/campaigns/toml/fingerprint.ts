/**
 * What an export saw of the parts of a campaign that have no version of their own on the campaign row: its stages
 * (which, their names, versions and places), its dependencies and its schedules. An update names the fingerprint
 * it was exported with; a different one now means someone changed those parts since, and the import is refused
 * rather than silently putting back what the file remembers. Three short hashes, so the refusal can say which
 * part changed. Pure.
 */
import { createHash } from "node:crypto";

export type FingerprintStage = { id: number; name: string; version: number; graphX: number | null; graphY: number | null };
export type FingerprintEdge = { fromStageId: number; toStageId: number; filePatterns: string };
export type FingerprintSchedule = { id: number; stageId: number; cronExpression: string; timeZone: string; active: boolean; clearWhenDone: boolean; ownerId: number };
export type FingerprintParts = { stages: FingerprintStage[]; edges: FingerprintEdge[]; schedules: FingerprintSchedule[] };

export const FINGERPRINT_PARTS = ["stages", "dependencies", "schedules"] as const;
export type FingerprintPart = (typeof FINGERPRINT_PARTS)[number];

const hash = (rows: unknown[][]) => createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 12);

/** "stages:… dependencies:… schedules:…", the same whatever order the rows were read in. */
export function campaignFingerprint(parts: FingerprintParts): string {
  const stages = [...parts.stages].sort((a, b) => a.id - b.id).map((s) => [s.id, s.name, s.version, s.graphX, s.graphY]);
  const edges = [...parts.edges].sort((a, b) => a.toStageId - b.toStageId || a.fromStageId - b.fromStageId).map((e) => [e.fromStageId, e.toStageId, e.filePatterns]);
  const schedules = [...parts.schedules].sort((a, b) => a.id - b.id).map((s) => [s.id, s.stageId, s.cronExpression, s.timeZone, s.active, s.clearWhenDone, s.ownerId]);
  return `stages:${hash(stages)} dependencies:${hash(edges)} schedules:${hash(schedules)}`;
}

/** Which parts differ between two fingerprints (all of them when one cannot be read). */
export function fingerprintChanges(was: string, now: string): FingerprintPart[] {
  const read = (f: string) => new Map(f.split(" ").map((p) => p.split(":") as [string, string]));
  const a = read(was);
  const b = read(now);
  return FINGERPRINT_PARTS.filter((p) => !a.get(p) || a.get(p) !== b.get(p));
}
