import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { stageConfig, stageFormChoices } from "@/lib/campaigns/queries";
import { orNotFound, pageId } from "@/lib/campaigns/page-load";
import { inheritedShown } from "@/lib/campaigns/labels";
import { StageForm } from "@/components/campaigns/stage-form";
import { ConfigActions } from "@/components/campaigns/template-actions";

export const metadata = { title: "Configure stage" };

export default async function EditStagePage({ params }: { params: Promise<{ id: string }> }) {
  const person = await requirePerson();
  const { stage: s, campaign, canModify } = await orNotFound(stageConfig(person, pageId((await params).id)));
  const choices = await stageFormChoices(campaign.experimentId, campaign.id);
  return (
    <div className="max-w-4xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/campaigns" className="underline">Campaigns</Link> / <Link href={`/campaigns/${campaign.id}/edit`} className="underline font-mono">{campaign.name}</Link> /{" "}
        <Link href={`/stages/${s.id}`} className="underline font-mono">{s.name}</Link> / configuration
      </nav>
      <h1 className="text-2xl font-bold">
        Stage <span className="font-mono">{s.name}</span> {!s.active && <span className="muted text-base font-normal">(inactive)</span>}
      </h1>
      <p className="muted text-sm">Version {s.version}. Holds and the split cursor are on the <Link href={`/stages/${s.id}`} className="underline">stage page</Link>.</p>
      <div className="card space-y-4">
        <StageForm
          campaignId={campaign.id}
          readOnly={!canModify}
          inherited={inheritedShown(campaign.defaults)}
          jobTypes={choices.jobTypes}
          loginSetups={choices.loginSetups}
          datasets={choices.datasets}
          stages={choices.stages}
          services={choices.services}
          values={{ ...s, jobTypeId: s.jobType.id, loginSetupId: s.loginSetup.id, dependencies: s.dependencies.map((d) => ({ fromStageId: d.fromStageId, filePatterns: d.filePatterns })), serviceIds: s.services.map((x) => x.id) }}
        />
        {canModify && <ConfigActions url={`/api/v1/stages/${s.id}/config`} version={s.version} active={s.active} label="stage" kind="stage" />}
      </div>
    </div>
  );
}
