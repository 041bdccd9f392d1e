/**
 * How one output transfer row moves when its dropbox reports on it. Pure (unit-tested in transfer-rule.test.ts).
 *  - A file waiting or transferring for more than STUCK_AFTER_HOURS is stuck, with how long and the dropbox's words.
 *  - A file reported again after it was declared or located is back in the dropbox: its clock starts again.
 *  - A dropbox saying "declared" never takes a location away (LOCATED stays LOCATED).
 *  - stuckSince is when it became stuck and stays while it is stuck.
 *  - A transfer once tied to a submission stays with it: a later report naming another submission (a relaunch
 *    writing the same name) never moves it (docs/outputs.md, "one name, one submission").
 */
import type { TransferState } from "@/lib/generated/prisma/enums";
import { STUCK_AFTER_HOURS, type DropboxFile } from "./dropbox";

export type TransferRow = { state: TransferState; rawState: string; reason: string; firstSeenAt: Date; stuckSince: Date | null; submissionId: number | null };

const IN_DROPBOX: TransferState[] = ["WAITING", "TRANSFERRING", "STUCK"];
const OUT: TransferState[] = ["DECLARED", "LOCATED"];

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function nextTransfer(prev: TransferRow | null, rep: DropboxFile, now: Date): TransferRow {
  const backAgain = prev !== null && OUT.includes(prev.state) && IN_DROPBOX.includes(rep.state);
  const firstSeenAt = prev && !backAgain ? prev.firstSeenAt : now;
  let state = rep.state;
  let reason = rep.reason;
  if (prev?.state === "LOCATED" && rep.state === "DECLARED") {
    state = "LOCATED";
    reason = prev.reason;
  } else if ((state === "WAITING" || state === "TRANSFERRING") && now.getTime() - firstSeenAt.getTime() > STUCK_AFTER_HOURS * 3600_000) {
    state = "STUCK";
    reason = `${rep.state === "WAITING" ? "Waiting" : "Transferring"} in the dropbox since ${stamp(firstSeenAt)}, more than ${STUCK_AFTER_HOURS} hours${rep.reason ? `: ${rep.reason}` : "."}`;
  }
  const stuckSince = state === "STUCK" ? (prev?.state === "STUCK" && prev.stuckSince && !backAgain ? prev.stuckSince : now) : null;
  return { state, rawState: rep.rawState, reason: reason.slice(0, 2000), firstSeenAt, stuckSince, submissionId: prev?.submissionId ?? rep.submissionId ?? null };
}

export const sameTransfer = (a: TransferRow, b: TransferRow) =>
  a.state === b.state && a.rawState === b.rawState && a.reason === b.reason && a.firstSeenAt.getTime() === b.firstSeenAt.getTime() &&
  (a.stuckSince?.getTime() ?? null) === (b.stuckSince?.getTime() ?? null) && a.submissionId === b.submissionId;
