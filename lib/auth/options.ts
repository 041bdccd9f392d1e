/**
 * next-auth configuration: a generic OpenID Connect provider (CILogon, Keycloak…) configured by
 * environment, and the development sign-in when devSignInState allows it. Sessions are JWTs that
 * carry only the person's id; roles are read from the database per request (lib/people/actor.ts).
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record";

type OidcProfile = { sub: string; email?: string; name?: string; preferred_username?: string; given_name?: string; family_name?: string };

function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const cfg = env().oidc;
  if (!cfg) return null;
  return {
    id: "oidc",
    name: cfg.name,
    type: "oauth",
    wellKnown: `${cfg.issuer}/.well-known/openid-configuration`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? ([p.given_name, p.family_name].filter(Boolean).join(" ") || p.preferred_username || p.sub) }),
  };
}

/** Finds the person an identity-provider account belongs to, linking by email or creating one on first sign-in. */
async function personForOidc(profile: OidcProfile): Promise<{ id: number; active: boolean } | null> {
  const bySubject = await db.person.findUnique({ where: { oidcSubject: profile.sub } });
  if (bySubject) return bySubject;
  if (!profile.email) return null;
  const email = profile.email.toLowerCase();
  const byEmail = await db.person.findUnique({ where: { email } });
  if (byEmail) return db.person.update({ where: { id: byEmail.id }, data: { oidcSubject: profile.sub } });
  const base = (profile.preferred_username ?? email.split("@")[0]).toLowerCase().replace(/[^a-z0-9._-]/g, "") || "user";
  const taken = await db.person.count({ where: { username: { startsWith: base } } });
  return db.$transaction(async (tx) => {
    const person = await tx.person.create({
      data: { username: taken ? `${base}${taken + 1}` : base, email, name: profile.name ?? base, oidcSubject: profile.sub },
    });
    await recordAudit(tx, { actorId: person.id, action: "person.provisioned", entityType: "person", entityId: person.id, data: { via: "oidc" } });
    return person;
  });
}

/** A forged or expired cookie is an everyday event: one line, not a stack trace. */
export const authLogger = {
  error: (code: string, meta: unknown) => console.error(`[auth] ${code}: ${authErrorMessage(meta)}`),
  warn: (code: string) => console.warn(`[auth] ${code}`),
  debug: () => {},
};

function authErrorMessage(meta: unknown): string {
  const err = meta instanceof Error ? meta : (meta as { error?: unknown })?.error;
  const text = err instanceof Error ? err.message : typeof (meta as { message?: unknown })?.message === "string" ? (meta as { message: string }).message : "";
  return text.split("\n")[0].slice(0, 200) || "no detail";
}

export function authOptions(): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [];
  const oidc = oidcProvider();
  if (oidc) providers.push(oidc);
  if (env().devSignIn.enabled) {
    providers.push(
      CredentialsProvider({
        id: "dev",
        name: "Development sign-in",
        credentials: { username: { label: "Username", type: "text" } },
        async authorize(credentials) {
          // Re-checked here: the provider list is built per request, but refuse loudly all the same.
          if (!env().devSignIn.enabled) return null;
          const username = String(credentials?.username ?? "").trim();
          const person = await db.person.findUnique({ where: { username } });
          if (!person || !person.active) return null;
          return { id: String(person.id), name: person.name, email: person.email };
        },
      }),
    );
  }
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    logger: authLogger,
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const person = await personForOidc(profile as OidcProfile);
        return !!person?.active;
      },
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc") {
          const person = await db.person.findUnique({ where: { oidcSubject: account.providerAccountId } });
          if (person) token.personId = person.id;
        } else if (account?.provider === "dev" && user) {
          token.personId = Number(user.id);
        }
        if (account && token.personId) {
          await db.person.update({ where: { id: token.personId as number }, data: { lastSeenAt: new Date() } });
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, personId: token.personId as number | undefined };
      },
    },
  };
}
