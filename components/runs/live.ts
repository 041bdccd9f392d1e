"use client";

import { useState } from "react";
import useSWR from "swr";
import { getJson } from "@/components/ui/api-client";

/** How often the run-time pages re-read their JSON (docs/decisions.md, "Run-time pages"). */
export const LIVE_MS = 5000;

/**
 * A live view of one API resource: the server's first paint, then re-read every LIVE_MS (and on focus). The last
 * good data stays on screen when a read fails; `error` says why, `readAt` when the last good read came.
 */
export function useLive<T>(url: string | null, initial?: T) {
  const [readAt, setReadAt] = useState(0);
  const swr = useSWR<T>(url, getJson<T>, { fallbackData: initial, refreshInterval: LIVE_MS, revalidateOnFocus: true, keepPreviousData: true, onSuccess: () => setReadAt(Date.now()) });
  return { ...swr, readAt };
}
