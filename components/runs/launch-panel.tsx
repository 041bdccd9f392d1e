"use client";

import Link from "next/link";
import { useState } from "react";
import type { LaunchOutcome, LaunchPreview } from "@/lib/launch/launch-stage";
import type { Wire } from "@/lib/http/wire";
import type { BatchBackend } from "@/lib/generated/prisma/enums";
import { BACKEND_LABEL } from "@/lib/submissions/labels";
import type { Hold } from "@/lib/launch/gate";
import { sendJson } from "@/components/ui/api-client";

export type LaunchMode = "normal" | "test" | "relaunch";
export type LaunchTarget = { mode: LaunchMode; relaunchOf?: number };

type StreamEnd = { outcome: LaunchOutcome } | { error: { message: string }; status: number };

const FIRST_FILES = 10;

const ACTION: Record<LaunchMode, string> = { normal: "Launch", test: "Test launch", relaunch: "Relaunch on the same files" };

/** Reads an NDJSON launch stream: each {"line"} as it comes, then the outcome or the error. */
async function streamLaunch(url: string, body: unknown, onLine: (line: string) => void): Promise<StreamEnd> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/x-ndjson" }, body: JSON.stringify(body) });
  } catch {
    return { error: { message: "The server could not be reached, so nothing was launched. Check your connection and try again." }, status: 0 };
  }
  if (!res.ok || !res.body) {
    const json = await res.json().catch(() => ({}));
    return { error: { message: json?.error?.message ?? `The launch was refused (${res.status}).` }, status: res.status };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let end: StreamEnd | null = null;
  const take = (text: string) => {
    if (!text.trim()) return;
    let o: { line?: string } & Partial<StreamEnd>;
    try {
      o = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof o.line === "string") onLine(o.line);
    else if ("outcome" in o && o.outcome) end = { outcome: o.outcome };
    else if ("error" in o && o.error) end = { error: o.error, status: (o as { status?: number }).status ?? 500 };
  };
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      break;
    }
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let at: number;
    while ((at = buffer.indexOf("\n")) >= 0) {
      take(buffer.slice(0, at));
      buffer = buffer.slice(at + 1);
    }
  }
  take(buffer);
  return end ?? { error: { message: "The connection ended before the launch said how it went. Look at the stage's latest submissions and held launches." }, status: 0 };
}

/**
 * The launch panel: choose what to launch, preview it (the slice, the jobs, the exact command, the backend and
 * what the gate says), then launch it and watch its log line by line.
 */
export function LaunchPanel({ stageId, stageHeld, globalHold, target, onTarget, onLaunched }: { stageId: number; stageHeld: boolean; globalHold: Hold | undefined; target: LaunchTarget; onTarget: (t: LaunchTarget) => void; onLaunched: () => void }) {
  const [preview, setPreview] = useState<Wire<LaunchPreview> | null>(null);
  // A preview says what the gate said then: when a hold is set or lifted since, it is dropped (read it again).
  const holds = `${stageHeld}|${globalHold?.held ?? ""}`;
  const [previewHolds, setPreviewHolds] = useState(holds);
  if (previewHolds !== holds) {
    setPreviewHolds(holds);
    setPreview(null);
  }
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "launch" | null>(null);
  const [lines, setLines] = useState<string[]>([]);
  const [end, setEnd] = useState<StreamEnd | null>(null);
  const url = `/api/v1/stages/${stageId}/launches`;
  const body = { mode: target.mode, ...(target.mode === "relaunch" && target.relaunchOf ? { relaunchOf: target.relaunchOf } : {}) };
  const gateClosed = stageHeld || !!globalHold?.held || (preview !== null && !preview.gate.open);
  const action = gateClosed ? "Store a held launch" : ACTION[target.mode];

  function choose(t: LaunchTarget) {
    onTarget(t);
    setPreview(null);
    setPreviewError(null);
  }

  async function runPreview() {
    setBusy("preview");
    setPreviewError(null);
    const r = await sendJson<{ preview: Wire<LaunchPreview> }>(url, "POST", { ...body, preview: true });
    setBusy(null);
    if (!r.ok) {
      setPreview(null);
      setPreviewError(r.message);
      return;
    }
    setPreview(r.data.preview);
  }

  async function launch() {
    setBusy("launch");
    setPreviewError(null);
    setLines([]);
    setEnd(null);
    const result = await streamLaunch(url, body, (line) => setLines((l) => [...l, line]));
    setEnd(result);
    setBusy(null);
    setPreview(null);
    onLaunched();
  }

  return (
    <section className="card space-y-3" aria-labelledby="launch-heading" data-testid="launch-panel">
      <h2 id="launch-heading" tabIndex={-1} className="text-lg font-semibold outline-none">Launch</h2>
      {globalHold?.held && !preview && (
        <p className="rounded-md bg-orange-50 p-2 text-sm text-orange-900 dark:bg-orange-950 dark:text-orange-200" data-testid="launch-global-hold">
          <span aria-hidden="true">‖</span> All launches are on hold{globalHold.reason ? `: ${sentence(globalHold.reason)}` : "."} A launch now is stored as a held launch.
        </p>
      )}
      <fieldset className="space-y-1 text-sm">
        <legend className="label">What to launch</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="launch-mode" checked={target.mode === "normal"} onChange={() => choose({ mode: "normal" })} /> The next slice
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="launch-mode" checked={target.mode === "test"} onChange={() => choose({ mode: "test" })} /> A test launch of the next slice (test settings; the cursor stays)
        </label>
        {target.mode === "relaunch" && target.relaunchOf && (
          <label className="flex items-center gap-2">
            <input type="radio" name="launch-mode" checked readOnly /> The same files as submission {target.relaunchOf}
          </label>
        )}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void runPreview()} data-testid="launch-preview">
          {busy === "preview" ? "Previewing…" : "Preview"}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void launch()} data-testid="launch-go">
          {action}
        </button>
      </div>

      {previewError && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200" data-testid="launch-preview-error">
          The preview failed: {previewError}
        </p>
      )}

      {preview && (
        <div className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700" data-testid="launch-preview-result">
          <p
            className={`rounded-md p-2 font-medium ${preview.gate.open ? "bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200" : "bg-orange-50 text-orange-900 dark:bg-orange-950 dark:text-orange-200"}`}
            data-testid="launch-gate"
          >
            <span aria-hidden="true">{preview.gate.open ? "✓" : "‖"}</span>{" "}
            {preview.gate.open
              ? `The gate is open: this launches now.${preview.gate.warnings.length ? ` ${preview.gate.warnings.join(" ")}` : ""}`
              : `Held: ${sentence(preview.gate.reason)} Launching now stores a held launch, which runs ${preview.gate.serviceIds.length ? "by itself when the services are back" : "when the hold is lifted"}.${preview.gate.warnings.length ? ` ${preview.gate.warnings.join(" ")}` : ""}`}
          </p>
          <dl className="grid gap-2 sm:grid-cols-2">
            <div>
              <dt className="muted">Slice</dt>
              <dd>
                {preview.sliceLabel || "—"} · {preview.fileCount.toLocaleString("en")} file{preview.fileCount === 1 ? "" : "s"}
                {preview.dataset && <> from <span className="font-mono break-all">{preview.dataset}</span></>}
              </dd>
            </div>
            <div>
              <dt className="muted">Jobs</dt>
              <dd data-testid="launch-jobs">{preview.jobCount.toLocaleString("en")} job{preview.jobCount === 1 ? "" : "s"}</dd>
            </div>
            <div>
              <dt className="muted">Backend</dt>
              <dd>
                {BACKEND_LABEL[preview.backend as BatchBackend] ?? preview.backend} on <span className="font-mono">{preview.login.host}</span> as <span className="font-mono">{preview.login.account}</span>
              </dd>
            </div>
          </dl>
          {preview.files.length > 0 && (
            <div>
              <h3 className="muted">First files</h3>
              <ul className="font-mono text-xs break-all">
                {preview.files.slice(0, FIRST_FILES).map((f) => <li key={f}>{f}</li>)}
              </ul>
              {preview.fileCount > FIRST_FILES && <p className="muted text-xs">and {(preview.fileCount - FIRST_FILES).toLocaleString("en")} more.</p>}
            </div>
          )}
          <div>
            <h3 className="muted">Command</h3>
            <pre className="max-h-64 overflow-y-auto rounded bg-slate-100 p-2 font-mono text-xs break-all whitespace-pre-wrap dark:bg-slate-800" data-testid="launch-command" tabIndex={0}>
              {preview.command}
            </pre>
          </div>
        </div>
      )}

      {(busy === "launch" || lines.length > 0 || end) && (
        <div className="space-y-2">
          {busy === "launch" && (
            <div className="flex items-center gap-2 text-sm">
              <progress aria-label="Launch in progress" className="h-2 w-40" />
              <span>Launching…</span>
            </div>
          )}
          <div role="log" aria-live="polite" aria-label="Launch log" className="max-h-64 overflow-y-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:bg-slate-800" data-testid="launch-log" tabIndex={0}>
            {lines.map((l, i) => (
              <div key={i}>{l}</div>
            ))}
          </div>
          {end && <LaunchEnd end={end} />}
        </div>
      )}
    </section>
  );
}

/** A reason ends with a full stop before the next sentence ("…: trial hold" → "…: trial hold."). */
const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function LaunchEnd({ end }: { end: StreamEnd }) {
  if ("error" in end) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="launch-outcome">
        Not launched: {end.error.message}
      </p>
    );
  }
  const o = end.outcome;
  if (o.kind === "launched")
    return (
      <p className="text-sm text-green-800 dark:text-green-300" data-testid="launch-outcome">
        Launched: batch id <span className="font-mono">{o.batchId}</span>. <Link href={`/submissions/${o.submissionId}`} className="underline">Open submission {o.submissionId}</Link>
      </p>
    );
  if (o.kind === "held")
    return (
      <p className="text-sm text-orange-900 dark:text-orange-200" data-testid="launch-outcome">
        Stored as a held launch: {sentence(o.reason)} It launches when the hold is lifted. <a href="#held-launches" className="underline">See the held launches</a>
      </p>
    );
  return (
    <p className="text-sm text-red-700 dark:text-red-300" data-testid="launch-outcome">
      The batch system did not take it: submission {o.submissionId} is marked as launch failed. <Link href={`/submissions/${o.submissionId}`} className="underline">Open submission {o.submissionId}</Link>
    </p>
  );
}
