"use client";

import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/http/action";

/** What a save answered: ok, or the refusal with its field errors, and for 409s what the server explained. */
export type SaveState = ActionResult & {
  code?: string;
  /** A stale edit: who changed it, when, which fields. */
  stale?: { changedByName: string | null; changedAt: string | null; fields: string[]; currentVersion: number };
  /** A shared template: the campaigns that use it (the person confirms, then the same body goes again). */
  shared?: { id: number; name: string; active: boolean }[];
  json?: Record<string, unknown>;
};

/** Field names of a JSON error: zod paths (first segment) and a DomainError's details.field. */
function fieldErrorsOf(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(details)) for (const d of details as { path?: string; message?: string }[]) if (d.path && d.message) out[d.path.split(".")[0]] ??= d.message;
  return out;
}

/**
 * Sends a form's JSON to the REST API and keeps the answer for the form: field errors under their fields,
 * a stale edit's explanation, a shared template's campaigns. Focus moves to the summary on a refusal.
 */
export function useSave() {
  const [state, setState] = useState<SaveState | null>(null);
  const [pending, setPending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  async function save(method: "POST" | "PATCH", url: string, body: unknown): Promise<SaveState> {
    setPending(true);
    let next: SaveState;
    try {
      const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = await res.json().catch(() => ({}));
      if (res.ok) next = { ok: true, message: "Saved.", json };
      else {
        const err = json?.error ?? {};
        const details = err.details;
        const fieldErrors = fieldErrorsOf(details);
        if (details && !Array.isArray(details) && typeof details.field === "string") fieldErrors[details.field] = err.message;
        next = {
          ok: false,
          code: err.code,
          message: err.message ?? `Nothing was saved (${res.status}).`,
          fieldErrors: err.code === "invalid_input" ? fieldErrors : {},
          stale: err.code === "stale" ? details : undefined,
          shared: err.code === "shared" ? details?.campaigns : undefined,
        };
      }
    } catch {
      next = { ok: false, message: "The server could not be reached: nothing was saved. Check your connection and try again." };
    }
    setState(next);
    setPending(false);
    return next;
  }
  useEffect(() => {
    if (state && !state.ok) summary.current?.focus();
  }, [state]);
  return { state, setState, pending, save, summary };
}
