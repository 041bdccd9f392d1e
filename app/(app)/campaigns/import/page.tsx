import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { campaignConfig } from "@/lib/campaigns/queries";
import { intIdText } from "@/lib/http/input";
import { readForPage } from "@/lib/http/page-read";
import { ImportForm } from "@/components/campaigns/toml/import-form";

export const metadata = { title: "Import a campaign" };

/** Import a campaign from TOML; opened from a campaign (?into=ID), it also offers to update that campaign. */
export default async function ImportCampaignPage({ searchParams }: { searchParams: Promise<{ into?: string | string[] }> }) {
  const person = await requirePerson();
  const into = (await searchParams).into;
  const id = typeof into === "string" ? intIdText().safeParse(into) : null;
  const read = id?.success ? await readForPage(() => campaignConfig(person, id.data)) : null;
  const target = read?.ok && read.value.canModify ? { id: read.value.id, name: read.value.name } : null;
  return (
    <div className="max-w-4xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/campaigns" className="underline">Campaigns</Link>
        {target && (
          <>
            {" / "}
            <Link href={`/campaigns/${target.id}`} className="underline">{target.name}</Link>
          </>
        )}{" "}
        / import
      </nav>
      <h1 className="text-2xl font-bold">Import a campaign</h1>
      <p className="muted text-sm">A campaign exported as TOML (its stages, dependencies and schedules) comes back as it was, or as a copy under another name.</p>
      <div className="card">
        <ImportForm into={target} />
      </div>
    </div>
  );
}
