import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { listJobTypes } from "@/lib/campaigns/queries";
import { ConfigNav } from "@/components/campaigns/config-nav";
import { JobTypeForm } from "@/components/campaigns/job-type-form";

export const metadata = { title: "Job types" };

/** Job types: how each kind of work is launched, shared by the experiment's campaigns. */
export default async function JobTypesPage() {
  const person = await requirePerson();
  const rows = await listJobTypes(person);
  const editable = person.experiments.filter((e) => can(person, "campaign.modify", { experimentId: e.id }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Job types</h1>
        <ConfigNav current="job-types" />
      </div>
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-testid="job-type-table">
          <caption className="sr-only">Job types</caption>
          <thead className="border-b border-slate-200 dark:border-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Job type</th>
              <th scope="col" className="px-3 py-2">Experiment</th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">Launch command</th>
              <th scope="col" className="px-3 py-2 text-right">Stages using it</th>
              <th scope="col" className="px-3 py-2">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr><td colSpan={5} className="muted px-3 py-6 text-center">No job type yet.</td></tr>
            )}
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="px-3 py-2 font-mono"><Link href={`/job-types/${r.id}`} className="underline">{r.name}</Link></td>
                <td className="px-3 py-2">{r.experiment}</td>
                <td className="hidden max-w-md truncate px-3 py-2 font-mono text-xs md:table-cell" title={r.launchScript}>{r.launchScript}</td>
                <td className="px-3 py-2 text-right tabular-nums">{r.stages}</td>
                <td className="px-3 py-2">{r.active ? "Active" : <span className="muted">Inactive</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editable.length > 0 && (
        <details className="card" open={rows.length === 0}>
          <summary className="cursor-pointer font-semibold">New job type</summary>
          <div className="mt-3">
            <JobTypeForm experiments={editable.map((e) => ({ value: e.name, label: e.displayName }))} />
          </div>
        </details>
      )}
    </div>
  );
}
