/**
 * The launch gate: may a launch of this stage go to the batch system now, or must it wait as a held
 * launch? Pure. In this issue the gate has two switches: the global hold (one for the whole installation)
 * and the stage's hold. The services issue adds the stage's services to the same judgement.
 */
export type Hold = { held: boolean; reason: string; since: string | null; by: string | null };

export type GateInput = {
  global: Hold;
  stage: { hold: boolean; holdReason: string; heldAt: Date | null };
};

export type GateDecision = { open: true; warnings: string[] } | { open: false; reason: string };

export const NO_HOLD: Hold = { held: false, reason: "", since: null, by: null };

export function judgeGate({ global, stage }: GateInput): GateDecision {
  if (global.held) return { open: false, reason: `All launches are on hold${global.reason ? `: ${global.reason}` : "."}` };
  if (stage.hold) return { open: false, reason: `This stage is on hold${stage.holdReason ? `: ${stage.holdReason}` : "."}` };
  return { open: true, warnings: [] };
}
