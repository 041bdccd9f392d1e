/**
 * The development sign-in (pick a seeded person, no password) exists for demos and tests.
 * It is on only when POMS_DEV_SIGNIN=1, and a production server refuses it unless the operator
 * also sets POMS_DEV_SIGNIN_IN_PRODUCTION=i-understand (the embedded demo launcher does both,
 * on a database it created itself). See docs/operations.md.
 */
export const DEV_SIGNIN_OVERRIDE = "i-understand";

export type DevSignInState = { enabled: boolean; reason: string };

export function devSignInState(env: Record<string, string | undefined>): DevSignInState {
  if (env.POMS_DEV_SIGNIN !== "1") return { enabled: false, reason: "POMS_DEV_SIGNIN is not set to 1" };
  if (env.NODE_ENV === "production" && env.POMS_DEV_SIGNIN_IN_PRODUCTION !== DEV_SIGNIN_OVERRIDE) {
    return { enabled: false, reason: `refused in production without POMS_DEV_SIGNIN_IN_PRODUCTION=${DEV_SIGNIN_OVERRIDE}` };
  }
  return { enabled: true, reason: env.NODE_ENV === "production" ? "enabled in production by explicit override" : "enabled for development" };
}

export type OidcConfig = { issuer: string; clientId: string; clientSecret: string; name: string };

export function oidcConfig(env: Record<string, string | undefined>): OidcConfig | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = env;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return null;
  return { issuer: OIDC_ISSUER.replace(/\/$/, ""), clientId: OIDC_CLIENT_ID, clientSecret: OIDC_CLIENT_SECRET, name: env.OIDC_NAME ?? "CILogon" };
}
