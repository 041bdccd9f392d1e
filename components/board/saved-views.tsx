"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/http/action";
import { deleteViewAction, saveViewAction } from "@/app/(app)/board/actions";

export function SavedViews({ views, query }: { views: { id: number; name: string; query: string }[]; query: string }) {
  const [saved, save, saving] = useActionState(saveViewAction, null as ActionResult | null);
  const [, remove] = useActionState(deleteViewAction, null as ActionResult | null);
  return (
    <section aria-labelledby="views-title" className="flex flex-wrap items-center gap-2 text-sm">
      <h2 id="views-title" className="font-semibold">My views:</h2>
      {views.length === 0 && <span className="muted">none yet</span>}
      <ul className="flex flex-wrap gap-2">
        {views.map((v) => (
          <li key={v.id} className="flex items-center gap-1 rounded-full border border-slate-300 px-2 py-0.5 dark:border-slate-600">
            <Link href={`/board${v.query ? `?${v.query}` : ""}`} aria-current={v.query === query ? "page" : undefined}>{v.name}</Link>
            <form action={remove}>
              <input type="hidden" name="id" value={v.id} />
              <button className="px-1 text-slate-600 hover:text-red-700 dark:text-slate-300" aria-label={`Delete view ${v.name}`}>×</button>
            </form>
          </li>
        ))}
      </ul>
      <form action={save} className="ml-auto flex items-center gap-1">
        <input type="hidden" name="query" value={query} />
        <label htmlFor="view-name" className="sr-only">Name for this view</label>
        <input id="view-name" name="name" className="field w-40 py-1" placeholder="Name this view" maxLength={60} />
        <button className="btn" disabled={saving}>Save view</button>
        <span role="status" className={saved?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}>{saved?.message ?? ""}</span>
      </form>
    </section>
  );
}
