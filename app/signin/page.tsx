import { redirect } from "next/navigation";
import { listDemoPeople } from "@/lib/people/directory";
import { env } from "@/lib/env";
import { currentPerson } from "@/lib/auth/session";
import { describeRoles } from "@/lib/people/labels";
import { SignInButton } from "@/components/shell/sign-in-button";
import { ThemeToggle } from "@/components/shell/theme-toggle";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That person cannot sign in (unknown or deactivated).",
  AccessDenied: "Your account is not allowed to sign in. Ask an experiment coordinator.",
  OAuthSignin: "The identity provider could not be reached. Try again in a minute.",
  OAuthCallback: "The identity provider's answer could not be used. Try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await currentPerson()) redirect("/");
  const { error, callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  const { oidc, devSignIn: dev } = env();
  const people = dev.enabled ? await listDemoPeople() : [];
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <div className="flex items-center justify-between">
        <h1 className="text-3xl font-bold">Sign in to POMS</h1>
        <ThemeToggle />
      </div>
      <p className="muted">Production Operations Management System: request production work, follow it, and run it.</p>
      {error && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {ERRORS[error] ?? "Sign-in failed. Try again."}
        </p>
      )}
      {oidc && (
        <section className="card">
          <SignInButton provider="oidc" callbackUrl={safeCallback} label={`Sign in with ${oidc.name}`} primary />
        </section>
      )}
      {!oidc && !dev.enabled && (
        <p className="card">No sign-in method is configured. An operator must set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (see docs/operations.md).</p>
      )}
      {dev.enabled && (
        <section aria-labelledby="dev-signin" className="card">
          <h2 id="dev-signin" className="text-lg font-semibold">
            Development sign-in
          </h2>
          <p className="muted mb-3 text-sm">Demo accounts, no password. This is never available on a production server unless its operator explicitly allows it.</p>
          <ul className="grid gap-2 sm:grid-cols-2">
            {people.map((p) => (
              <li key={p.id}>
                <SignInButton
                  provider="dev"
                  username={p.username}
                  callbackUrl={safeCallback}
                  label={p.name}
                  detail={`${p.username} · ${describeRoles({ globalRoles: p.globalRoles, experiments: p.memberships.map((m) => ({ id: m.experimentId, name: m.experiment.name, displayName: m.experiment.displayName, role: m.role })) })}`}
                />
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
