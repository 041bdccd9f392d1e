"use client";

import { useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { TomlProblem } from "@/lib/campaigns/toml/document";

type Into = { id: number; name: string } | null;
type Refusal = { message: string; problems: TomlProblem[]; more: number };

/**
 * Import a campaign from its TOML file: as a new campaign (the file's name or another), or over a campaign (the
 * one this page was opened from, or the one the file names). A refused file lists each problem with its line; a
 * line's button puts the cursor on that line of the text. Nothing is changed unless everything is right.
 */
export function ImportForm({ into }: { into: Into }) {
  const router = useRouter();
  const text = useRef<HTMLTextAreaElement>(null);
  const [mode, setMode] = useState<"new" | "update">("new");
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  async function readFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (file && text.current) text.current.value = await file.text();
  }

  function goToLine(line: number) {
    const area = text.current;
    if (!area) return;
    const lines = area.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    // Bring the line into view: the textarea scrolls by line height.
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const toml = String(f.get("toml") ?? "");
    const name = String(f.get("name") ?? "").trim();
    const url = mode === "update" && into ? `/api/v1/campaigns/${into.id}/import` : "/api/v1/campaigns/import";
    const body = mode === "update" && into ? { toml } : mode === "update" ? { toml, mode: "update" } : { toml, mode: "new", ...(name ? { name } : {}) };
    setBusy(true);
    let r: Response;
    try {
      r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    } catch {
      setBusy(false);
      return setRefusal({ message: "The server could not be reached, so nothing was imported. Check your connection and try again.", problems: [], more: 0 });
    }
    const json = await r.json().catch(() => ({}));
    setBusy(false);
    if (!r.ok) return setRefusal({ message: json?.error?.message ?? `The server refused (${r.status}).`, problems: json?.error?.details?.problems ?? [], more: Number(json?.error?.details?.more ?? 0) });
    setRefusal(null);
    router.push(`/campaigns/${json.import.campaignId}`);
  }

  return (
    <form className="space-y-4" onSubmit={(e) => void submit(e)} data-testid="import-form">
      {refusal && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" data-testid="import-problems">
          {refusal.problems.length === 0 ? (
            <p className="font-semibold">{refusal.message}</p>
          ) : (
            <>
              <p className="font-semibold">
                Nothing was imported. Please fix {refusal.problems.length + refusal.more === 1 ? "this" : `these ${(refusal.problems.length + refusal.more).toLocaleString("en-US")} things`} first
                {refusal.more ? ` (the first ${refusal.problems.length} are listed)` : ""}:
              </p>
              <ul className="mt-1 list-disc pl-5">
                {refusal.problems.map((p, i) => (
                  <li key={i} data-testid="import-problem">
                    {p.line ? (
                      <button type="button" className="font-semibold underline" onClick={() => goToLine(p.line!)}>
                        Line {p.line}
                        {p.column ? `, column ${p.column}` : ""}
                      </button>
                    ) : null}
                    {p.line ? " " : ""}
                    {p.key && <code className="text-xs">{p.key}</code>}
                    {p.key || p.line ? ": " : ""}
                    {p.message}
                  </li>
                ))}
                {refusal.more > 0 && <li data-testid="import-problems-more">…and {refusal.more.toLocaleString("en-US")} more.</li>}
              </ul>
            </>
          )}
        </div>
      )}
      <fieldset className="space-y-2">
        <legend className="label">Import as</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="new" checked={mode === "new"} onChange={() => setMode("new")} /> A new campaign
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="update" checked={mode === "update"} onChange={() => setMode("update")} />
          {into ? <>An update of {into.name}</> : <>An update of the campaign the file names</>}
        </label>
      </fieldset>
      {mode === "new" ? (
        <div>
          <label className="label" htmlFor="import-name">Name of the new campaign</label>
          <input id="import-name" name="name" className="field" maxLength={100} aria-describedby="import-name-help" />
          <p id="import-name-help" className="muted mt-1 text-xs">Leave empty to use the name in the file (it must not be taken).</p>
        </div>
      ) : (
        <p className="muted text-sm">Stages are matched by name: a stage in the file is changed in place (its cursor and submissions stay), a new one is added, and a stage the file leaves out is deactivated. The file must be an export of the campaign&apos;s current version.</p>
      )}
      <div>
        <label className="label" htmlFor="import-file">Campaign file</label>
        <input id="import-file" type="file" accept=".toml,text/plain,application/toml" className="text-sm" onChange={(e) => void readFile(e)} />
      </div>
      <div>
        <label className="label" htmlFor="import-toml">TOML text</label>
        <textarea id="import-toml" name="toml" ref={text} required rows={22} spellCheck={false} className="field font-mono text-xs leading-5" aria-describedby="import-toml-help" />
        <p id="import-toml-help" className="muted mt-1 text-xs">Paste an exported campaign, or choose its file above. Job types and login/setups are named and must already exist in the experiment.</p>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? "Importing…" : "Import"}</button>
    </form>
  );
}
