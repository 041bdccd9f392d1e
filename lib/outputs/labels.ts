/** Output transfers and Located in people's words, with colours that mean something. Pure (shared with the page). */
import type { TransferState } from "@/lib/generated/prisma/enums";
import type { Tone } from "@/lib/submissions/labels";

export const TRANSFER_LABEL: Record<TransferState, string> = {
  WAITING: "Waiting in the dropbox",
  TRANSFERRING: "Being stored",
  DECLARED: "Declared, no location yet",
  LOCATED: "Located",
  STUCK: "Stuck",
};

export const TRANSFER_TONE: Record<TransferState, Tone> = { WAITING: "waiting", TRANSFERRING: "working", DECLARED: "working", LOCATED: "done", STUCK: "failed" };

export const TRANSFER_ORDER: TransferState[] = ["STUCK", "WAITING", "TRANSFERRING", "DECLARED", "LOCATED"];

export const LOCATED_BY_LABEL: Record<string, string> = {
  rule: "by the completion rule (enough outputs catalogued with a location)",
  complete: "at once (the stage's completion type is “complete”)",
  timeout: "after 2 days Completed",
  kick: "by hand",
  "": "before outputs were tracked",
};

/** Where an output is, as shown to people: a file of the local spool as a path inside it (the server's own folders
 *  are nobody's business); a catalogue location as the catalogue gives it. Pure. */
export function shownLocation(location: string | null, spoolRoot: string): string | null {
  if (!location) return null;
  const root = spoolRoot.replace(/\/+$/, "") + "/";
  if (location.startsWith(root)) return location.slice(root.length);
  return location.startsWith("/") ? location.slice(location.lastIndexOf("/") + 1) : location;
}
