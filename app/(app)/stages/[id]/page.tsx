import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { stageStatus } from "@/lib/campaigns/stage-status";
import { pageId, readForPage } from "@/lib/http/page-read";
import { toWire } from "@/lib/http/wire";
import { STAGE_TYPE_LABEL } from "@/lib/submissions/labels";
import { Refused } from "@/components/ui/refused";
import { StageLive } from "@/components/runs/stage-live";
import { SlicePreview } from "@/components/campaigns/slice-preview";
import { slicePreview } from "@/lib/launch/slice-preview";
import { stageSchedules } from "@/lib/schedules/queries";
import { SchedulePanel } from "@/components/runs/schedule-panel";

export const metadata = { title: "Stage" };

/** The slice preview's page from ?slices=N (anything else: the page holding the next slice). */
const slicesPage = (v: string | string[] | undefined) => (typeof v === "string" && /^[1-9][0-9]{0,5}$/.test(v) ? Number(v) : 0);

export default async function StagePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const id = pageId((await params).id);
  const read = await readForPage(() => stageStatus(person, id));
  if (!read.ok) return <Refused title="Stage" message={read.message} />;
  const { stage, campaign } = read.value;
  const schedules = await readForPage(() => stageSchedules(person, id));
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/campaigns" className="underline">Campaigns</Link> / <Link href={`/campaigns/${campaign.id}`} className="underline">{campaign.name}</Link> / <span>{stage.name}</span>
      </nav>
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{campaign.experiment}</span>
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">{STAGE_TYPE_LABEL[stage.stageType]} stage</span>
          {!stage.active && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold dark:bg-slate-800">Inactive</span>}
          {!campaign.active && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold dark:bg-slate-800">Campaign inactive</span>}
        </div>
        <h1 className="text-2xl font-bold" data-testid="stage-name">{stage.name}</h1>
        <p className="muted text-sm">Stage of <Link href={`/campaigns/${campaign.id}`} className="underline">{campaign.name}</Link></p>
      </header>
      <StageLive id={stage.id} initial={toWire(read.value)} />
      <SlicePreview stageId={stage.id} preview={await slicePreview(person, stage.id, slicesPage((await searchParams).slices))} />
      {schedules.ok && <SchedulePanel stageId={stage.id} initial={toWire(schedules.value)} />}
    </div>
  );
}
