import { test } from "node:test";
import assert from "node:assert/strict";
import { devSignInState, oidcConfig, DEV_SIGNIN_OVERRIDE } from "./dev-signin";

test("development sign-in is off unless explicitly configured", () => {
  assert.equal(devSignInState({ NODE_ENV: "development" }).enabled, false);
  assert.equal(devSignInState({ NODE_ENV: "development", POMS_DEV_SIGNIN: "true" }).enabled, false);
  assert.equal(devSignInState({ NODE_ENV: "development", POMS_DEV_SIGNIN: "1" }).enabled, true);
});

test("development sign-in is refused in production without the documented override", () => {
  assert.equal(devSignInState({ NODE_ENV: "production", POMS_DEV_SIGNIN: "1" }).enabled, false);
  assert.equal(devSignInState({ NODE_ENV: "production", POMS_DEV_SIGNIN: "1", POMS_DEV_SIGNIN_IN_PRODUCTION: "yes" }).enabled, false);
  assert.equal(devSignInState({ NODE_ENV: "production", POMS_DEV_SIGNIN: "1", POMS_DEV_SIGNIN_IN_PRODUCTION: DEV_SIGNIN_OVERRIDE }).enabled, true);
  // The override alone does not turn it on.
  assert.equal(devSignInState({ NODE_ENV: "production", POMS_DEV_SIGNIN_IN_PRODUCTION: DEV_SIGNIN_OVERRIDE }).enabled, false);
});

test("OIDC needs issuer, client id and secret", () => {
  assert.equal(oidcConfig({ OIDC_ISSUER: "https://cilogon.org" }), null);
  assert.deepEqual(oidcConfig({ OIDC_ISSUER: "https://cilogon.org/", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s" }), {
    issuer: "https://cilogon.org",
    clientId: "id",
    clientSecret: "s",
    name: "CILogon",
  });
});
