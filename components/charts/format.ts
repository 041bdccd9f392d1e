/** How the charts write times and numbers (UTC, as the rollups count them). Pure. */
import type { Bucket } from "@/lib/charts/window";

export const fmtNumber = (n: number | null | undefined) => (n === null || n === undefined ? "—" : n.toLocaleString("en-US"));

export const fmtDay = (t: number) => new Date(t).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** A tick on a time axis: "29 Nov 14:00" in hour buckets, "29 Nov" in day buckets. */
export function fmtTick(t: number, bucket: Bucket): string {
  const d = new Date(t);
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return bucket === "hour" ? `${day} ${d.toISOString().slice(11, 16)}` : day;
}

/** A bucket in a table: "29 Nov 2026, 14:00–15:00 UTC" or "29 Nov 2026". */
export function fmtBucket(t: number, bucket: Bucket): string {
  if (bucket === "day") return fmtDay(t);
  const h = new Date(t).toISOString().slice(11, 16);
  const h2 = new Date(t + 3_600_000).toISOString().slice(11, 16);
  return `${fmtDay(t)}, ${h}–${h2} UTC`;
}

export const fmtTime = (t: number) => `${fmtDay(t)} ${new Date(t).toISOString().slice(11, 16)} UTC`;
