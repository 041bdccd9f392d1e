import Link from "next/link";

/** The campaigns a shared template is used by: changing it changes them (the save asks first). */
export function UsedBy({ campaigns, what }: { campaigns: { id: number; name: string; active: boolean }[]; what: string }) {
  if (!campaigns.length) return <p className="muted text-sm">No campaign uses this {what} yet.</p>;
  return (
    <section className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100" aria-labelledby="used-by">
      <h2 id="used-by" className="font-semibold">
        Shared: used by {campaigns.length === 1 ? "1 campaign" : `${campaigns.length} campaigns`}
      </h2>
      <ul className="flex flex-wrap gap-x-3">
        {campaigns.map((c) => (
          <li key={c.id}>
            <Link href={`/campaigns/${c.id}/edit`} className="font-mono underline">{c.name}</Link>
            {!c.active && <span className="muted"> (inactive)</span>}
          </li>
        ))}
      </ul>
      <p>Saving a change asks you to confirm it for all of them.</p>
    </section>
  );
}
