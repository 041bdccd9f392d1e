"use client";

import { useEffect, useState } from "react";

/** The current time for "… ago" labels, refreshed every `everyMs` (rendering itself stays pure). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
