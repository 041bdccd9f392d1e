import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { campaignProgress } from "@/lib/campaigns/progress";
import { ROLE_LABEL } from "@/lib/people/memberships";
import { taskKey } from "@/lib/tasks/keys";
import { pageId, readForPage } from "@/lib/http/page-read";
import { toWire } from "@/lib/http/wire";
import { Refused } from "@/components/ui/refused";
import { TaskStatusBadge } from "@/components/ui/badges";
import { CampaignLive } from "@/components/runs/campaign-live";
import { campaignGraph } from "@/lib/campaigns/graph/read-graph";
import { CampaignGraph } from "@/components/campaigns/graph/campaign-graph";
import { ProgressSection } from "@/components/charts/progress-section";
import { campaignCharts } from "@/lib/charts/queries";
import { chartWindowForPage, chartRefreshMs } from "@/lib/charts/page-window";
import { failureBreakdownLast } from "@/lib/services/failure-groups";
import { parseFailureWindow } from "@/lib/services/failure-window";
import { CampaignFailures } from "@/components/services/campaign-failures";

export const metadata = { title: "Campaign" };

export default async function CampaignPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const id = pageId((await params).id);
  const now = new Date();
  const query = await searchParams;
  const { window, notice } = chartWindowForPage(query, now);
  const failuresOver = parseFailureWindow(query.failures);
  const read = await readForPage(() =>
    Promise.all([campaignProgress(person, id), campaignGraph(person, id), campaignCharts(person, id, window, now), failureBreakdownLast(person, { campaignId: id }, failuresOver)]),
  );
  if (!read.ok) return <Refused title="Campaign" message={read.message} />;
  const [progress, graph, charts, failures] = read.value;
  const { campaign, rights } = progress;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/campaigns" className="underline">Campaigns</Link> / <span>{campaign.name}</span>
      </nav>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{campaign.experiment}</span>
          <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${campaign.active ? "bg-green-50 text-green-800 ring-green-300 dark:bg-green-950 dark:text-green-200 dark:ring-green-800" : "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600"}`} data-testid="campaign-active">
            {campaign.active ? "Active" : "Inactive"}
          </span>
          {campaign.tags.map((t) => (
            <span key={t} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
              #{t}
            </span>
          ))}
        </div>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-bold" data-testid="campaign-name">{campaign.name}</h1>
          <div className="flex flex-wrap gap-2">
            <a href={`/api/v1/campaigns/${campaign.id}/export`} download className="btn no-underline hover:no-underline" data-testid="campaign-export">
              Export as TOML
            </a>
            <Link href={`/campaigns/import?into=${campaign.id}`} className="btn no-underline hover:no-underline" data-testid="campaign-import">
              Import…
            </Link>
            {rights.modify && (
              <Link href={`/campaigns/${campaign.id}/edit`} className="btn no-underline hover:no-underline">
                Edit
              </Link>
            )}
          </div>
        </div>
        <p className="muted text-sm">
          {campaign.experimentName} · owned by {campaign.ownerName} ({campaign.owner}) · role when created: {ROLE_LABEL[campaign.ownerRole]}
        </p>
        {campaign.description && <p className="text-sm">{campaign.description}</p>}
        {campaign.tasks.length > 0 && (
          <ul className="flex flex-wrap gap-3 text-sm" aria-label="Linked tasks" data-testid="campaign-tasks">
            {campaign.tasks.map((t) => {
              const key = taskKey(campaign.experiment, t.number);
              return (
                <li key={t.id} className="flex items-center gap-1">
                  <Link href={`/tasks/${key}`} className="font-mono underline">{key}</Link>
                  <span className="muted">{t.title}</span>
                  <TaskStatusBadge status={t.status} />
                </li>
              );
            })}
          </ul>
        )}
      </header>
      <CampaignGraph id={campaign.id} initial={toWire(graph)} />
      <CampaignLive id={campaign.id} initial={toWire(progress)} />
      <ProgressSection initial={toWire(charts)} refreshMs={chartRefreshMs()} notice={notice} />
      <CampaignFailures campaignId={campaign.id} windowKey={failuresOver} breakdown={toWire(failures)} />
    </div>
  );
}
