import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { listLoginSetups } from "@/lib/campaigns/queries";
import { ConfigNav } from "@/components/campaigns/config-nav";
import { LoginSetupForm } from "@/components/campaigns/login-setup-form";

export const metadata = { title: "Login/setups" };

/** Login/setups: where and as whom launches run, shared by the experiment's campaigns. */
export default async function LoginSetupsPage() {
  const person = await requirePerson();
  const rows = await listLoginSetups(person);
  const editable = person.experiments.filter((e) => can(person, "campaign.modify", { experimentId: e.id }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Login/setups</h1>
        <ConfigNav current="login-setups" />
      </div>
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-testid="login-setup-table">
          <caption className="sr-only">Login/setups</caption>
          <thead className="border-b border-slate-200 dark:border-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Login/setup</th>
              <th scope="col" className="px-3 py-2">Experiment</th>
              <th scope="col" className="px-3 py-2">Runs as</th>
              <th scope="col" className="px-3 py-2 text-right">Stages using it</th>
              <th scope="col" className="px-3 py-2">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr><td colSpan={5} className="muted px-3 py-6 text-center">No login/setup yet.</td></tr>
            )}
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="px-3 py-2 font-mono"><Link href={`/login-setups/${r.id}`} className="underline">{r.name}</Link></td>
                <td className="px-3 py-2">{r.experiment}</td>
                <td className="px-3 py-2 font-mono">{r.launchAccount}@{r.launchHost}</td>
                <td className="px-3 py-2 text-right tabular-nums">{r.stages}</td>
                <td className="px-3 py-2">{r.active ? "Active" : <span className="muted">Inactive</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editable.length > 0 && (
        <details className="card" open={rows.length === 0}>
          <summary className="cursor-pointer font-semibold">New login/setup</summary>
          <div className="mt-3">
            <LoginSetupForm experiments={editable.map((e) => ({ value: e.name, label: e.displayName }))} />
          </div>
        </details>
      )}
    </div>
  );
}
