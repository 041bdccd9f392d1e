/**
 * The batch system of each backend kind, created once per server process. The local backend runs commands composed
 * from configuration on the POMS server itself, so its submit and control are refused on a production server
 * unless POMS_LOCAL_BATCH=1 (the embedded default sets it); reading its status always works.
 */
import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import type { BackendKind, BatchSystem } from "@/lib/batch/types";
import { localBatchSystem } from "@/lib/batch/backends/local";
import { slurmBatchSystem } from "@/lib/batch/backends/slurm";
import { jobsubBatchSystem } from "@/lib/batch/backends/jobsub";

/** Whether the local backend may launch and control jobs here. */
export function localBatchAllowed(e: { POMS_LOCAL_BATCH?: string; NODE_ENV: string }): boolean {
  return e.POMS_LOCAL_BATCH === "1" || e.NODE_ENV !== "production";
}

/** Where the local backend keeps its spool: <POMS_DATA_DIR or .data>/batch. */
export function localSpoolRoot(e: { POMS_DATA_DIR?: string }): string {
  return path.join(path.resolve(e.POMS_DATA_DIR ?? path.join(process.cwd(), ".data")), "batch");
}

const systems = new Map<BackendKind, BatchSystem>();

export function batchSystem(kind: BackendKind): BatchSystem {
  let s = systems.get(kind);
  if (!s) {
    const e = env();
    s =
      kind === "LOCAL"
        ? localBatchSystem({ root: localSpoolRoot(e), slots: e.POMS_LOCAL_SLOTS, allowed: localBatchAllowed(e) })
        : kind === "SLURM"
          ? slurmBatchSystem()
          : jobsubBatchSystem();
    systems.set(kind, s);
  }
  return s;
}
