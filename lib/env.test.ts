import { test } from "node:test";
import assert from "node:assert/strict";
import { parseEnv, EnvError } from "./env";

test("production refuses to start without a NEXTAUTH_SECRET of at least 32 characters, saying why", () => {
  assert.throws(() => parseEnv({ NODE_ENV: "production" }), (e: unknown) => e instanceof EnvError && /NEXTAUTH_SECRET must be set/.test(e.message));
  assert.throws(() => parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(31) }), /is 31 characters; production needs at least 32/);
  assert.equal(parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32) }).NEXTAUTH_SECRET, "x".repeat(32));
});

test("development and builds need nothing set", () => {
  const env = parseEnv({});
  assert.equal(env.NODE_ENV, "development");
  assert.equal(env.DATABASE_POOL_SIZE, 10);
  assert.equal(env.devSignIn.enabled, false);
  assert.equal(env.oidc, null);
});

test("values are checked: pool size, URLs and the cron secret's length", () => {
  assert.throws(() => parseEnv({ DATABASE_POOL_SIZE: "lots" }), /DATABASE_POOL_SIZE/);
  assert.throws(() => parseEnv({ NEXTAUTH_URL: "poms.example.org" }), /NEXTAUTH_URL must be a full URL/);
  assert.throws(() => parseEnv({ POMS_CRON_SECRET: "short" }), /POMS_CRON_SECRET must be at least 32/);
  const env = parseEnv({ OIDC_ISSUER: "https://cilogon.org/", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s", POMS_DEV_SIGNIN: "1" });
  assert.equal(env.oidc?.issuer, "https://cilogon.org");
  assert.equal(env.devSignIn.enabled, true);
});

test("the services step's probe budget stays well inside the step's own 60 s limit (at most 40 s)", () => {
  assert.equal(parseEnv({}).POMS_SERVICE_PROBE_BUDGET_MS, 10_000);
  assert.equal(parseEnv({ POMS_SERVICE_PROBE_BUDGET_MS: "40000" }).POMS_SERVICE_PROBE_BUDGET_MS, 40_000);
  assert.throws(() => parseEnv({ POMS_SERVICE_PROBE_BUDGET_MS: "40001" }), /POMS_SERVICE_PROBE_BUDGET_MS must be at most 40000/);
  assert.throws(() => parseEnv({ POMS_SERVICE_PROBE_BUDGET_MS: "120000" }), /at most 40000/);
});
