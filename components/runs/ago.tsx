"use client";

import { formatAge } from "@/components/ui/relative-time";
import { useNow } from "@/components/ui/use-now";

/** "3 min ago" that keeps counting in a live view, with the exact UTC time on hover and for machines. */
export function Ago({ at }: { at: string | Date | null | undefined }) {
  const now = useNow(15_000);
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return <span className="muted">—</span>;
  return (
    <time dateTime={d.toISOString()} title={`${d.toISOString().replace("T", " ").slice(0, 19)} UTC`} suppressHydrationWarning>
      {formatAge(now - d.getTime())}
    </time>
  );
}

/** The exact time, "2026-11-29 04:12:05 UTC". */
export function At({ at }: { at: string | Date | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return <span className="muted">—</span>;
  return <time dateTime={d.toISOString()}>{`${d.toISOString().replace("T", " ").slice(0, 19)} UTC`}</time>;
}
