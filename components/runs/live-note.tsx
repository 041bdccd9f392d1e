"use client";

import { formatAge } from "@/components/ui/relative-time";
import { useNow } from "@/components/ui/use-now";

/** "Live · read 4 s ago", or why the last read failed (the figures on screen are then from before). */
export function LiveNote({ error, at }: { error?: Error; at: number }) {
  const now = useNow(5000);
  return (
    <p className={`text-xs ${error ? "text-red-700 dark:text-red-300" : "muted"}`} data-testid="live-note">
      {error ? `Not updated: ${error.message}` : `Live: updates every 5 s${at ? ` · read ${formatAge(now - at)}` : ""}`}
    </p>
  );
}
