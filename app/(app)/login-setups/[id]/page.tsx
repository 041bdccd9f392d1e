import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { loginSetupDetail } from "@/lib/campaigns/queries";
import { orNotFound, pageId } from "@/lib/campaigns/page-load";
import { LoginSetupForm } from "@/components/campaigns/login-setup-form";
import { ConfigActions } from "@/components/campaigns/template-actions";
import { UsedBy } from "@/components/campaigns/used-by";

export const metadata = { title: "Login/setup" };

export default async function LoginSetupPage({ params }: { params: Promise<{ id: string }> }) {
  const person = await requirePerson();
  const ls = await orNotFound(loginSetupDetail(person, pageId((await params).id)));
  return (
    <div className="max-w-3xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/login-setups" className="underline">Login/setups</Link> / <span className="font-mono">{ls.name}</span></nav>
      <h1 className="text-2xl font-bold">
        Login/setup <span className="font-mono">{ls.name}</span> {!ls.active && <span className="muted text-base font-normal">(inactive)</span>}
      </h1>
      <p className="muted text-sm">{ls.experiment} · made by {ls.creator} · version {ls.version}</p>
      <UsedBy campaigns={ls.usedBy} what="login/setup" />
      <div className="card space-y-4">
        <LoginSetupForm readOnly={!ls.canModify} values={ls} />
        {ls.canModify && <ConfigActions url={`/api/v1/login-setups/${ls.id}`} version={ls.version} active={ls.active} label="login/setup" kind="loginSetup" />}
      </div>
    </div>
  );
}
