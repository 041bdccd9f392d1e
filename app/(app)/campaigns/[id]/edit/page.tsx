import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { campaignConfig } from "@/lib/campaigns/queries";
import { orNotFound, pageId } from "@/lib/campaigns/page-load";
import { BACKEND_LABEL, ROLE_LABEL, STAGE_TYPE_LABEL } from "@/lib/campaigns/labels";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { ConfigActions } from "@/components/campaigns/template-actions";
import { RelativeTime } from "@/components/ui/relative-time";

export const metadata = { title: "Configure campaign" };

/** A campaign's configuration: its fields and defaults, and its stages with what each inherits. */
export default async function EditCampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const person = await requirePerson();
  const c = await orNotFound(campaignConfig(person, pageId((await params).id)));
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/campaigns" className="underline">Campaigns</Link> / <Link href={`/campaigns/${c.id}`} className="underline font-mono">{c.name}</Link> / configuration
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">
          <span className="font-mono">{c.name}</span> {!c.active && <span className="muted text-base font-normal">(inactive)</span>}
        </h1>
        <p className="muted text-sm">
          {c.experimentName} · owned by {c.owner.name} ({ROLE_LABEL[c.owner.role] ?? c.owner.role}) · version {c.version}, changed <RelativeTime date={c.updatedAt} />
          {c.tasks.length > 0 && (
            <>
              {" "}· from{" "}
              {c.tasks.map((t, i) => (
                <span key={t.id}>{i > 0 && ", "}<Link href={`/tasks/${t.key}`} className="underline">{t.key}</Link></span>
              ))}
            </>
          )}
        </p>
        {!c.canModify && <p className="text-sm">You may read this configuration; only its owner, production members and the coordinator change it.</p>}
      </header>
      <section className="card space-y-3" aria-labelledby="stages-title">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="stages-title" className="text-lg font-semibold">Stages</h2>
          {c.canModify && <Link href={`/campaigns/${c.id}/stages/new`} className="btn btn-primary no-underline hover:no-underline">Add stage</Link>}
        </div>
        {c.stages.length === 0 ? (
          <p className="muted text-sm">No stage yet: add the first one (for example gen or reco).</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="stage-table">
              <thead className="border-b border-slate-200 dark:border-slate-700">
                <tr>
                  <th scope="col" className="px-2 py-1">Stage</th>
                  <th scope="col" className="px-2 py-1">Type</th>
                  <th scope="col" className="px-2 py-1">Job type</th>
                  <th scope="col" className="hidden px-2 py-1 md:table-cell">Dataset · split</th>
                  <th scope="col" className="px-2 py-1">Version</th>
                  <th scope="col" className="hidden px-2 py-1 sm:table-cell">Backend</th>
                  <th scope="col" className="hidden px-2 py-1 lg:table-cell">Upstream</th>
                  <th scope="col" className="px-2 py-1"><span className="sr-only">Configure</span></th>
                </tr>
              </thead>
              <tbody>
                {c.stages.map((s) => (
                  <tr key={s.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-testid="stage-row">
                    <td className="px-2 py-1 font-mono">
                      <Link href={`/stages/${s.id}`} className="underline">{s.name}</Link>
                      {!s.active && <span className="muted font-sans text-xs"> (inactive)</span>}
                    </td>
                    <td className="px-2 py-1">{STAGE_TYPE_LABEL[s.stageType]}</td>
                    <td className="px-2 py-1 font-mono">{s.jobType.name}</td>
                    <td className="hidden px-2 py-1 font-mono md:table-cell">{s.inputDataset || "—"} · {s.splitType}</td>
                    <td className="px-2 py-1 font-mono">
                      {s.effective.softwareVersion || "—"}
                      {s.effective.inherited.softwareVersion !== "stage" && <span className="muted font-sans text-xs"> (inherited)</span>}
                    </td>
                    <td className="hidden px-2 py-1 sm:table-cell">
                      {BACKEND_LABEL[s.effective.batchBackend]}
                      {s.effective.inherited.batchBackend !== "stage" && <span className="muted text-xs"> (inherited)</span>}
                    </td>
                    <td className="hidden px-2 py-1 font-mono lg:table-cell">{s.dependencies.map((d) => d.fromStage).join(", ") || "—"}</td>
                    <td className="px-2 py-1 text-right">
                      <Link href={`/stages/${s.id}/edit`} className="underline" aria-label={`Configure stage ${s.name}`}>{c.canModify ? "Configure" : "Configuration"}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card space-y-3" aria-labelledby="campaign-fields">
        <h2 id="campaign-fields" className="text-lg font-semibold">Campaign</h2>
        <CampaignForm readOnly={!c.canModify} values={{ id: c.id, version: c.version, name: c.name, description: c.description, tags: c.tags, keywords: c.keywords, defaults: c.defaults }} />
        {c.canModify && <ConfigActions url={`/api/v1/campaigns/${c.id}`} version={c.version} active={c.active} label="campaign" kind="campaign" />}
      </section>
    </div>
  );
}
