"use client";

import { useState } from "react";
import { sendJson } from "@/components/ui/api-client";

/** Watch or stop watching a service: watchers are notified when it goes bad or recovers. */
export function WatchButton({ serviceId, watching, onChange }: { serviceId: number; watching: boolean; onChange?: (watching: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<boolean | null>(null);
  const [error, setError] = useState("");
  const now = shown ?? watching;
  const toggle = async () => {
    setBusy(true);
    setError("");
    const r = await sendJson<{ watching: boolean }>(`/api/v1/services/${serviceId}/watch`, now ? "DELETE" : "PUT");
    setBusy(false);
    if (!r.ok) return setError(r.message);
    setShown(r.data.watching);
    onChange?.(r.data.watching);
  };
  return (
    <div className="flex flex-col items-end gap-1">
      <button type="button" className={`btn ${now ? "" : "btn-primary"}`} aria-pressed={now} disabled={busy} onClick={toggle} data-testid="watch-button">
        <span aria-hidden="true">{now ? "★" : "☆"}</span>
        {now ? "Watching: stop" : "Watch"}
      </button>
      <p className="text-xs muted">{now ? "You are told when it goes bad or recovers." : "Get a notification when it goes bad or recovers."}</p>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
