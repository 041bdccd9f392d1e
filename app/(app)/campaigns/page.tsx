import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { cleanFields } from "@/lib/http/input";
import { parseCampaignListQuery } from "@/lib/campaigns/list-query";
import { campaignTagNames, listCampaigns } from "@/lib/campaigns/queries";
import { CampaignTable } from "@/components/campaigns/campaign-table";
import { ConfigNav } from "@/components/campaigns/config-nav";

export const metadata = { title: "Campaigns" };

/** Campaigns the person may see; filters (words, experiment, tag, active) live in the URL. */
export default async function CampaignsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const raw = await searchParams;
  const query = parseCampaignListQuery(cleanFields(new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : Array.isArray(v) && v[0] !== undefined ? [[k, v[0]]] : [])))));
  const [list, tags] = await Promise.all([listCampaigns(person, query), campaignTagNames(person)]);
  const canCreate = person.experiments.some((e) => can(person, "campaign.modify", { experimentId: e.id, ownerId: person.id, ownerRole: e.role ?? undefined }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">
          Campaigns <span className="muted text-base font-normal" data-testid="campaign-total">{list.total.toLocaleString("en")} {list.total === 1 ? "campaign" : "campaigns"}</span>
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <ConfigNav current="campaigns" />
          {canCreate && (
            <Link href="/campaigns/new" className="btn btn-primary no-underline hover:no-underline">
              New campaign
            </Link>
          )}
        </div>
      </div>
      <form method="get" className="card flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Filter campaigns">
        <div>
          <label className="label" htmlFor="q">Words</label>
          <input id="q" name="q" className="field w-56" defaultValue={query.q} placeholder="name or description" />
        </div>
        <div>
          <label className="label" htmlFor="experiment">Experiment</label>
          <select id="experiment" name="experiment" className="field w-40" defaultValue={query.experiment}>
            <option value="">All</option>
            {person.experiments.map((e) => (
              <option key={e.id} value={e.name}>{e.displayName}</option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="tag">Tag</label>
          <select id="tag" name="tag" className="field w-40" defaultValue={query.tag}>
            <option value="">Any</option>
            {tags.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="active">State</label>
          <select id="active" name="active" className="field w-36" defaultValue={query.active}>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
            <option value="all">All</option>
          </select>
        </div>
        <button className="btn">Filter</button>
        <Link href="/campaigns" className="underline">Clear</Link>
      </form>
      {list.limited && <p className="muted text-sm">Showing the first {list.campaigns.length} of {list.total}; narrow the filters to see the rest.</p>}
      <CampaignTable query={query} rows={list.campaigns.map((c) => ({ id: c.id, name: c.name, experiment: c.experiment, tags: c.tags, owner: c.owner, stages: c.stages, active: c.active, canModify: c.canModify }))} />
    </div>
  );
}
