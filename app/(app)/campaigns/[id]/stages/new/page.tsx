import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { campaignConfig, stageFormChoices } from "@/lib/campaigns/queries";
import { orNotFound, pageId } from "@/lib/campaigns/page-load";
import { inheritedShown } from "@/lib/campaigns/labels";
import { StageForm } from "@/components/campaigns/stage-form";

export const metadata = { title: "New stage" };

export default async function NewStagePage({ params }: { params: Promise<{ id: string }> }) {
  const person = await requirePerson();
  const c = await orNotFound(campaignConfig(person, pageId((await params).id)));
  const choices = await stageFormChoices(c.experimentId, c.id);
  return (
    <div className="max-w-4xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/campaigns" className="underline">Campaigns</Link> / <Link href={`/campaigns/${c.id}/edit`} className="underline font-mono">{c.name}</Link> / new stage
      </nav>
      <h1 className="text-2xl font-bold">New stage of <span className="font-mono">{c.name}</span></h1>
      {!c.canModify ? (
        <p className="card" role="alert">Only the campaign&apos;s owner, production members and the coordinator may add stages.</p>
      ) : choices.jobTypes.every((j) => !j.active) || choices.loginSetups.every((l) => !l.active) ? (
        <p className="card" role="alert">
          A stage needs an active <Link href="/job-types" className="underline">job type</Link> and <Link href="/login-setups" className="underline">login/setup</Link> of {c.experimentName}: make them first.
        </p>
      ) : (
        <div className="card">
          <StageForm campaignId={c.id} inherited={inheritedShown(c.defaults)} jobTypes={choices.jobTypes} loginSetups={choices.loginSetups} datasets={choices.datasets} stages={choices.stages} services={choices.services} />
        </div>
      )}
    </div>
  );
}
