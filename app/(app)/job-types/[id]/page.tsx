import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { jobTypeDetail } from "@/lib/campaigns/queries";
import { orNotFound, pageId } from "@/lib/campaigns/page-load";
import { JobTypeForm } from "@/components/campaigns/job-type-form";
import { ConfigActions } from "@/components/campaigns/template-actions";
import { UsedBy } from "@/components/campaigns/used-by";

export const metadata = { title: "Job type" };

export default async function JobTypePage({ params }: { params: Promise<{ id: string }> }) {
  const person = await requirePerson();
  const jt = await orNotFound(jobTypeDetail(person, pageId((await params).id)));
  return (
    <div className="max-w-4xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/job-types" className="underline">Job types</Link> / <span className="font-mono">{jt.name}</span></nav>
      <h1 className="text-2xl font-bold">
        Job type <span className="font-mono">{jt.name}</span> {!jt.active && <span className="muted text-base font-normal">(inactive)</span>}
      </h1>
      <p className="muted text-sm">{jt.experiment} · made by {jt.creator} · version {jt.version}</p>
      <UsedBy campaigns={jt.usedBy} what="job type" />
      <div className="card space-y-4">
        <JobTypeForm readOnly={!jt.canModify} values={jt} />
        {jt.canModify && <ConfigActions url={`/api/v1/job-types/${jt.id}`} version={jt.version} active={jt.active} label="job type" kind="jobType" />}
      </div>
    </div>
  );
}
