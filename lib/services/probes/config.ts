/**
 * What a leaf service's probe is (`Service.probe`, JSON), checked with zod: a bad configuration is a clear message
 * on the service ("stale: the probe is misconfigured: …"), never a crash of the refresh. Pure.
 *
 * Four kinds:
 * - `http`: the status code must be one of `expect` (default [200]).
 * - `json`: a number at `path` (dots and array indexes: `pools.0.fill`) judged against thresholds.
 * - `prometheus`: a PromQL instant query against a Prometheus at `url`; the worst series is judged against thresholds;
 *   no series is UNKNOWN (never 0).
 * - `page`: the body must match `pattern` (GOOD), or `degradedPattern` (DEGRADED); otherwise BAD.
 * `url` is a full address, or a path ("/status/samweb-nova") resolved against POMS_PROBE_BASE_URL.
 */
import { z } from "zod";

export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

const url = z
  .string()
  .trim()
  .min(1, "needs an address")
  .max(2000, "address too long")
  .refine((u) => u.startsWith("/") || /^https?:\/\//i.test(u), "must be a full http(s) address or a path starting with /");
const timeoutMs = z.number().int().min(100).max(60_000).default(DEFAULT_PROBE_TIMEOUT_MS);

/**
 * Thresholds on a number. `higherIsWorse` (a pool's fill): DEGRADED at or above `degradedAt`, BAD at or above `badAt`.
 * Otherwise (a free-space figure, a count of live servers): DEGRADED at or below `degradedAt`, BAD at or below `badAt`.
 * `range` is what the value can plausibly be; a value outside it is a failed read (a broken monitor), not a verdict.
 */
const thresholds = {
  direction: z.enum(["higherIsWorse", "lowerIsWorse"]).default("higherIsWorse"),
  degradedAt: z.number().finite().optional(),
  badAt: z.number().finite(),
  range: z.tuple([z.number().finite(), z.number().finite()]).optional(),
  unit: z.string().max(20).default(""),
};

function thresholdsInOrder(p: { direction: "higherIsWorse" | "lowerIsWorse"; degradedAt?: number; badAt: number; range?: [number, number] }, ctx: z.RefinementCtx) {
  if (p.degradedAt !== undefined && (p.direction === "higherIsWorse" ? p.degradedAt > p.badAt : p.degradedAt < p.badAt))
    ctx.addIssue({ code: "custom", path: ["degradedAt"], message: p.direction === "higherIsWorse" ? "must not be above badAt" : "must not be below badAt" });
  if (p.range && p.range[0] > p.range[1]) ctx.addIssue({ code: "custom", path: ["range"], message: "must be [lowest, highest]" });
}

const regex = z
  .string()
  .min(1)
  .max(200, "pattern too long (at most 200 characters)")
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, "is not a valid regular expression");

export const probeConfigSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("http"), url, timeoutMs, expect: z.array(z.number().int().min(100).max(599)).min(1).max(20).default([200]) }),
  z.strictObject({ type: z.literal("json"), url, timeoutMs, path: z.string().min(1).max(200), timePath: z.string().min(1).max(200).optional(), ...thresholds }).superRefine(thresholdsInOrder),
  z.strictObject({ type: z.literal("prometheus"), url, timeoutMs, query: z.string().min(1).max(2000), ...thresholds }).superRefine(thresholdsInOrder),
  z.strictObject({ type: z.literal("page"), url, timeoutMs, pattern: regex, degradedPattern: regex.optional() }),
]);

export type ProbeConfig = z.infer<typeof probeConfigSchema>;
export type ThresholdProbe = Extract<ProbeConfig, { type: "json" | "prometheus" }>;

/** The probe of a service as stored, or why it cannot be used (in words a person can act on). */
export function parseProbeConfig(raw: unknown): { ok: true; config: ProbeConfig } | { ok: false; message: string } {
  if (raw === null || raw === undefined) return { ok: false, message: "This service has no probe." };
  if (typeof raw !== "object" || Array.isArray(raw)) return { ok: false, message: "The probe is misconfigured: its type must be http, json, prometheus or page." };
  const r = probeConfigSchema.safeParse(raw);
  if (r.success) return { ok: true, config: r.data };
  const first = r.error.issues[0];
  const where = first.path.length ? `${first.path.join(".")}: ` : "";
  const type = (raw as { type?: unknown })?.type;
  if (first.path[0] === "type" || (first.code === "invalid_union" && typeof type !== "string"))
    return { ok: false, message: "The probe is misconfigured: its type must be http, json, prometheus or page." };
  return { ok: false, message: `The probe is misconfigured: ${where}${first.message}.` };
}
