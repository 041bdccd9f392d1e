"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { campaignListHref, type CampaignListQuery } from "@/lib/campaigns/list-query";
import { ROLE_LABEL } from "@/lib/campaigns/labels";

export type CampaignRow = { id: number; name: string; experiment: string; tags: string[]; owner: { name: string; role: string }; stages: number; active: boolean; canModify: boolean };

/** The campaigns list: tags link to their filter; those the person may edit can be (de)activated together. */
export function CampaignTable({ rows, query }: { rows: CampaignRow[]; query: CampaignListQuery }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string; lines: string[] } | null>(null);
  const editable = rows.filter((r) => r.canModify);
  const all = editable.length > 0 && editable.every((r) => selected.has(r.id));
  const toggle = (id: number) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  async function bulk(active: boolean) {
    setBusy(true);
    try {
      const res = await fetch("/api/v1/campaigns/bulk", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids: [...selected], active }) });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) return setMessage({ tone: "error", text: json?.error?.message ?? `Nothing was changed (${res.status}).`, lines: [] });
      const results = json.results as { id: number; ok: boolean; message: string }[];
      const refused = results.filter((r) => !r.ok);
      setSelected(new Set(refused.map((r) => r.id)));
      setMessage({ tone: refused.length ? "error" : "ok", text: `${results.length - refused.length} of ${results.length} ${active ? "activated" : "deactivated"}.`, lines: results.map((r) => r.message) });
      router.refresh();
    } catch {
      setMessage({ tone: "error", text: "The server could not be reached: nothing was changed.", lines: [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      {editable.length > 0 && (
        <div className="card flex flex-wrap items-center gap-2 py-2 text-sm" role="group" aria-label="Change the selected campaigns" data-testid="campaign-bulk">
          <span className="font-semibold" aria-live="polite">{selected.size} selected</span>
          <button type="button" className="btn" disabled={!selected.size || busy} onClick={() => bulk(true)}>Activate</button>
          <button type="button" className="btn btn-danger" disabled={!selected.size || busy} onClick={() => bulk(false)}>Deactivate</button>
        </div>
      )}
      {message && (
        <div role="status" className={`rounded-md border p-2 text-sm ${message.tone === "ok" ? "border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100" : "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"}`}>
          <p className="font-semibold">{message.text}</p>
          {message.lines.length > 0 && <ul className="list-disc pl-5">{message.lines.map((l, i) => <li key={i}>{l}</li>)}</ul>}
        </div>
      )}
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-testid="campaign-table">
          <caption className="sr-only">Campaigns</caption>
          <thead className="border-b border-slate-200 dark:border-slate-700">
            <tr>
              {editable.length > 0 && (
                <th scope="col" className="w-8 px-3 py-2">
                  <input type="checkbox" aria-label="Select every campaign you may change" checked={all} onChange={() => setSelected(all ? new Set() : new Set(editable.map((r) => r.id)))} />
                </th>
              )}
              <th scope="col" className="px-3 py-2">Campaign</th>
              <th scope="col" className="px-3 py-2">Experiment</th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">Tags</th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">Owner</th>
              <th scope="col" className="px-3 py-2 text-right">Stages</th>
              <th scope="col" className="px-3 py-2">State</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Configure</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="muted px-3 py-6 text-center">No campaign matches these filters.</td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-testid="campaign-row">
                {editable.length > 0 && (
                  <td className="px-3 py-2">
                    {r.canModify && <input type="checkbox" aria-label={`Select ${r.name}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />}
                  </td>
                )}
                <td className="px-3 py-2 font-mono">
                  <Link href={`/campaigns/${r.id}`} className="underline">{r.name}</Link>
                </td>
                <td className="px-3 py-2">{r.experiment}</td>
                <td className="hidden px-3 py-2 md:table-cell">
                  <span className="flex flex-wrap gap-1">
                    {r.tags.map((t) => (
                      <Link key={t} href={campaignListHref({ ...query, tag: t })} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-800 no-underline ring-1 ring-slate-300 hover:underline dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600">
                        {t}
                      </Link>
                    ))}
                  </span>
                </td>
                <td className="hidden px-3 py-2 sm:table-cell">
                  {r.owner.name} <span className="muted text-xs">({ROLE_LABEL[r.owner.role] ?? r.owner.role})</span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{r.stages}</td>
                <td className="px-3 py-2">
                  {r.active ? (
                    <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-semibold text-green-800 ring-1 ring-green-300 dark:bg-green-950 dark:text-green-200 dark:ring-green-800">Active</span>
                  ) : (
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700 ring-1 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600">Inactive</span>
                  )}
                </td>
                <td className="px-3 py-2 text-right">
                  <Link href={`/campaigns/${r.id}/edit`} className="underline" aria-label={`Configure ${r.name}`}>
                    {r.canModify ? "Configure" : "Configuration"}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
