import type { ServiceKind } from "@/lib/generated/prisma/enums";

export const KIND_LABEL: Record<ServiceKind, string> = {
  GROUP: "Group",
  DATA_HANDLING: "Data handling",
  STORAGE: "Storage",
  TAPE: "Tape",
  TRANSFER: "Transfers",
  BATCH: "Batch",
  MONITORING: "Monitoring",
};

/** "2026-11-29 08:00 UTC" */
export const utc = (at: string | Date | null | undefined) => (at ? `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");
