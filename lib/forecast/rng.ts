/** The seeded generator the demo uses too (mulberry32): the same seed gives the same forecast. Pure. */
export { seededRandom } from "@/lib/demo/random";

/** A seed from a few integers (e.g. a campaign and a day), so a forecast is stable within the day. */
export function seedOf(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) {
    h ^= p >>> 0;
    h = Math.imul(h, 16777619);
    h ^= Math.floor(p / 4294967296);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
