import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { taskKey } from "@/lib/tasks/keys";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { taskForCampaign } from "@/lib/campaigns/queries";
import { orNotFound } from "@/lib/campaigns/page-load";
import { CAMPAIGN_READY, campaignFromTaskDraft } from "@/lib/campaigns/commands/create-campaign-from-task";
import { CampaignForm } from "@/components/campaigns/campaign-form";

export const metadata = { title: "New campaign" };

/** A new campaign, or (with ?task=KEY) one made from an approved task and linked to it. */
export default async function NewCampaignPage({ searchParams }: { searchParams: Promise<{ task?: string | string[] }> }) {
  const person = await requirePerson();
  const ref = (await searchParams).task;
  const experiments = person.experiments.filter((e) => can(person, "campaign.modify", { experimentId: e.id, ownerId: person.id, ownerRole: e.role ?? undefined }));
  if (typeof ref === "string" && ref) {
    const task = await orNotFound(taskIdFromRef(ref).then((id) => taskForCampaign(person, id)));
    const key = taskKey(task.experiment.name, task.number);
    const allowed = can(person, "task.link_campaign", { experimentId: task.experimentId }) && experiments.some((e) => e.id === task.experimentId);
    const ready = CAMPAIGN_READY.includes(task.status);
    const draft = campaignFromTaskDraft(task, task.experiment.name);
    return (
      <div className="max-w-3xl space-y-4">
        <nav aria-label="Breadcrumb" className="text-sm"><Link href="/campaigns" className="underline">Campaigns</Link> / new from {key}</nav>
        <h1 className="text-2xl font-bold">New campaign from {key}</h1>
        <p className="muted text-sm">
          <Link href={`/tasks/${key}`} className="underline">{key}</Link>: {task.title} ({task.experiment.displayName}, {STATUS_LABEL[task.status].toLowerCase()}). The campaign is linked to the task.
        </p>
        {!ready ? (
          <p className="card" role="alert">A campaign starts from approved work; {key} is {STATUS_LABEL[task.status].toLowerCase()}.</p>
        ) : !allowed ? (
          <p className="card" role="alert">Only production members and the coordinator of {task.experiment.displayName} may make its campaigns.</p>
        ) : (
          <div className="card">
            <CampaignForm fromTask={key} values={{ name: draft.name, description: draft.description, tags: [], keywords: [], defaults: draft.defaults }} />
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="max-w-3xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/campaigns" className="underline">Campaigns</Link> / new</nav>
      <h1 className="text-2xl font-bold">New campaign</h1>
      {experiments.length === 0 ? (
        <p className="card">You may make campaigns only in experiments you are a member of.</p>
      ) : (
        <div className="card">
          <CampaignForm experiments={experiments.map((e) => ({ value: e.name, label: e.displayName }))} />
        </div>
      )}
    </div>
  );
}
