import Link from "next/link";
import { z } from "zod";
import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { EXPERIMENT_ROLES, listMemberships, ROLE_LABEL } from "@/lib/people/memberships";
import { AddMemberForm, MembershipControls } from "@/components/people/membership-forms";
import { addMemberAction, changeMemberAction } from "./actions";

export const metadata = { title: "People" };

const ROLES = EXPERIMENT_ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const requested = z.string().max(50).optional().safeParse((await searchParams).experiment);
  const experiment =
    person.experiments.find((e) => requested.success && e.name === requested.data) ?? person.experiments.find((e) => e.id === person.currentExperimentId);
  if (!experiment) {
    return <p className="card">You are not a member of any experiment yet. Ask an experiment coordinator to add you.</p>;
  }
  const memberships = await listMemberships(experiment.id);
  const manage = can(person, "membership.manage", { experimentId: experiment.id });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">People of {experiment.displayName}</h1>
        <nav aria-label="Experiments" className="flex flex-wrap gap-2 text-sm">
          {person.experiments.map((e) => (
            <Link key={e.id} href={`/people?experiment=${e.name}`} aria-current={e.id === experiment.id ? "page" : undefined} className={e.id === experiment.id ? "font-bold" : ""}>
              {e.displayName}
            </Link>
          ))}
        </nav>
      </div>
      {manage ? (
        <section aria-labelledby="add-member" className="card">
          <h2 id="add-member" className="mb-2 text-lg font-semibold">
            Add a member
          </h2>
          <AddMemberForm experimentId={experiment.id} roles={ROLES} action={addMemberAction} />
        </section>
      ) : (
        <p className="muted text-sm">Only the experiment&apos;s coordinator can change memberships.</p>
      )}
      <div className="card relative overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Members of {experiment.displayName}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/50">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Username</th>
              <th scope="col" className="px-3 py-2">Role</th>
              <th scope="col" className="px-3 py-2">Status</th>
              {manage && <th scope="col" className="px-3 py-2">Change</th>}
            </tr>
          </thead>
          <tbody>
            {memberships.map((m) => (
              <tr key={m.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-testid={`member-${m.person.username}`}>
                <td className="px-3 py-2 font-medium">{m.person.name}</td>
                <td className="px-3 py-2 font-mono text-xs">{m.person.username}</td>
                <td className="px-3 py-2" data-testid="member-role">{ROLE_LABEL[m.role]}</td>
                <td className="px-3 py-2" data-testid="member-status">{m.active ? "Active" : "Deactivated"}</td>
                {manage && (
                  <td className="px-3 py-2">
                    <MembershipControls membershipId={m.id} role={m.role} active={m.active} roles={ROLES} action={changeMemberAction} personName={m.person.name} experimentName={experiment.displayName} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
