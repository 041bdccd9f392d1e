/** What the campaign graph's requests look like at the edge (connect, disconnect, move). Pure. */
import { z } from "zod";
import { intId } from "@/lib/http/input";
import { createStageInput } from "../input";
import { graphPosition } from "./layout";

const filePatterns = createStageInput.shape.dependencies.unwrap().element.shape.filePatterns;

/** POST /api/v1/campaigns/[id]/dependencies: the producer feeds the consumer the outputs matching the patterns. */
export const connectInput = z.strictObject({ fromStageId: intId("Upstream stage"), toStageId: intId("Downstream stage"), filePatterns: filePatterns.default("%") });
/** DELETE /api/v1/campaigns/[id]/dependencies. */
export const disconnectInput = z.strictObject({ fromStageId: intId("Upstream stage"), toStageId: intId("Downstream stage") });
/** PUT /api/v1/campaigns/[id]/graph: new places of some stages (a drag, arrow keys, or the automatic layout kept). */
export const moveInput = z.strictObject({
  positions: z
    .array(z.strictObject({ stageId: intId("Stage"), ...graphPosition.shape }))
    .min(1, "Say which stage moved.")
    .max(200, "At most 200 stages at once.")
    .refine((ps) => new Set(ps.map((p) => p.stageId)).size === ps.length, "A stage is listed twice."),
});
export type ConnectInput = z.infer<typeof connectInput>;
export type DisconnectInput = z.infer<typeof disconnectInput>;
export type MoveInput = z.infer<typeof moveInput>;
