import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { submissionDetail, submissionJobs } from "@/lib/submissions/queries";
import { parseJobFilter } from "@/lib/submissions/labels";
import { pageId, readForPage } from "@/lib/http/page-read";
import { toWire } from "@/lib/http/wire";
import { Refused } from "@/components/ui/refused";
import { SubmissionLive } from "@/components/runs/submission-live";
import { JobsTable } from "@/components/runs/jobs-table";
import { SubmissionFilesPanel } from "@/components/runs/submission-files";
import { submissionFiles } from "@/lib/outputs/queries";
import { submissionChain } from "@/lib/chains/queries";
import { ChainPanel } from "@/components/runs/chain-panel";
import { submissionPostMortem } from "@/lib/services/post-mortem";
import { failureBreakdownSince } from "@/lib/services/failure-groups";
import { FailuresPanel } from "@/components/services/failures-panel";

export const metadata = { title: "Submission" };

export default async function SubmissionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const id = pageId((await params).id);
  const filter = parseJobFilter((await searchParams).jobs);
  const read = await readForPage(async () => {
    const [detail, jobs, files] = await Promise.all([submissionDetail(person, id), submissionJobs(person, id, filter, null), submissionFiles(person, id)]);
    return { detail, jobs, files };
  });
  if (!read.ok) return <Refused title="Submission" message={read.message} />;
  const { detail, jobs, files } = read.value;
  const chain = await readForPage(() => submissionChain(person, id));
  // The post-mortem: the submission's failed jobs against its needed services, and its stage's failures over its life.
  const [summary, breakdown] = await Promise.all([submissionPostMortem(id), failureBreakdownSince(person, { stageId: detail.stage.id }, new Date(detail.submission.createdAt))]);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/campaigns" className="underline">Campaigns</Link> / <Link href={`/campaigns/${detail.campaign.id}`} className="underline">{detail.campaign.name}</Link> / <Link href={`/stages/${detail.stage.id}`} className="underline">{detail.stage.name}</Link> / <span>Submission {id}</span>
      </nav>
      <header>
        <h1 className="text-2xl font-bold" data-testid="submission-title">
          Submission {id}
          {detail.submission.isTest && <span className="muted ml-2 text-base font-normal">(test launch)</span>}
        </h1>
        <p className="muted text-sm">
          {detail.experiment} · <Link href={`/stages/${detail.stage.id}`} className="underline">{detail.campaign.name} / {detail.stage.name}</Link>
        </p>
      </header>
      <SubmissionLive id={id} initial={toWire(detail)} />
      <SubmissionFilesPanel id={id} initial={toWire(files)} />
      {chain.ok && <ChainPanel id={id} stageName={detail.stage.name} initial={toWire(chain.value)} />}
      <FailuresPanel summary={toWire(summary)} breakdown={breakdown && toWire(breakdown)} stageName={detail.stage.name} />
      <JobsTable key={filter} id={id} filter={filter} initial={toWire(jobs)} />
    </div>
  );
}
