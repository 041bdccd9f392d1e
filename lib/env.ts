/**
 * The one place the server reads its environment. Validated once, at start (instrumentation.ts) and
 * on first use, so a misconfigured server refuses to start with a message instead of failing later.
 * Nothing in app/, components/ or lib/ reads process.env directly; scripts and config files read
 * their own. Importing this module never needs the environment (`next build` works with none set).
 */
import "server-only";
import { z } from "zod";
import { devSignInState, oidcConfig } from "@/lib/auth/dev-signin";

const optional = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() ? s.trim() : undefined));

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).catch("development"),
    DATABASE_URL: optional,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    NEXTAUTH_SECRET: optional,
    /** Set by the embedded default (scripts/serve.ts): next-auth takes the origin from each request's Host. */
    AUTH_TRUST_HOST: optional,
    VERCEL: optional,
    NEXTAUTH_URL: optional.pipe(z.string().url("NEXTAUTH_URL must be a full URL such as https://poms.example.org.").optional()),
    OIDC_ISSUER: optional.pipe(z.string().url("OIDC_ISSUER must be a full URL.").optional()),
    OIDC_CLIENT_ID: optional,
    OIDC_CLIENT_SECRET: optional,
    OIDC_NAME: optional,
    POMS_DEV_SIGNIN: optional,
    POMS_DEV_SIGNIN_IN_PRODUCTION: optional,
    /** Bearer secret of the cron route (POST /api/cron/refresh). Without it the route answers 503. */
    POMS_CRON_SECRET: optional.pipe(z.string().min(32, "POMS_CRON_SECRET must be at least 32 characters.").optional()),
    /** The same secret under the name Vercel's cron uses; POMS_CRON_SECRET wins when both are set. */
    CRON_SECRET: optional.pipe(z.string().min(32, "CRON_SECRET must be at least 32 characters.").optional()),
    /** Where POMS keeps its own files (the local batch spool, the embedded secrets). Default: .data in the checkout. */
    POMS_DATA_DIR: optional,
    /** "1" enables the local batch backend (child processes on this machine). The embedded default sets it. */
    POMS_LOCAL_BATCH: optional,
    /** How many local batch jobs run at once on this machine. */
    POMS_LOCAL_SLOTS: z.coerce.number().int().min(1).max(64).default(2),
    /** Slurm's configuration file for sbatch/squeue/scontrol/scancel run here (passed as SLURM_CONF). */
    POMS_SLURM_CONF: optional,
    /** Landscape LENS GraphQL base URL (…/lens/query is appended); without it jobsub status comes from condor_q -json. */
    POMS_LENS_URL: optional.pipe(z.string().url("POMS_LENS_URL must be a full URL.").optional()),
    /** A folder put first on PATH for jobsub_* and condor_q (where jobsub_lite is installed; tests: the stubs). */
    POMS_JOBSUB_BIN: optional,
    /** Bearer token for the outside data catalogues (SAM: Authorization: Bearer; MetaCat: X-Authentication-Token). Reads work without it. */
    POMS_CATALOGUE_TOKEN: optional,
    /** Hosts the catalogue token may be sent to: comma-separated names, `.example.org` for a domain. Empty: to none. */
    POMS_CATALOGUE_TOKEN_HOSTS: optional,
    /** "1" lets catalogue/dispatcher/dropbox addresses use plain http on this machine (tests, mock servers). */
    POMS_CATALOGUE_ALLOW_HTTP: optional,
    /** "1" lets service probes call plain http on this machine (loopback only): the demo's and the tests' mock endpoints. */
    POMS_PROBE_ALLOW_LOOPBACK: optional,
    /** Base address of probe URLs stored as paths ("/status/samweb-nova"); the embedded default sets it to its mock endpoints. */
    POMS_PROBE_BASE_URL: optional.pipe(z.string().url("POMS_PROBE_BASE_URL must be a full URL such as http://127.0.0.1:3099.").optional()),
    /** How long the refresh's services step waits for probes (ms); probes still out are abandoned and retried next run. */
    POMS_SERVICE_PROBE_BUDGET_MS: z.coerce.number().int().min(200).max(40_000, "POMS_SERVICE_PROBE_BUDGET_MS must be at most 40000 (the services step itself stops at 60 s).").default(10_000),
    /** How often the refresh runs, in seconds (scripts/serve.ts validates it; 0: an outside cron). Live charts re-read at this pace. */
    POMS_REFRESH_INTERVAL_S: z.coerce.number().int().min(0).max(86_400).catch(30),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (!env.NEXTAUTH_SECRET) ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "NEXTAUTH_SECRET must be set in production (openssl rand -base64 32)." });
    else if (env.NEXTAUTH_SECRET.length < 32)
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: `NEXTAUTH_SECRET is ${env.NEXTAUTH_SECRET.length} characters; production needs at least 32 (openssl rand -base64 32).` });
  });

export type Env = z.infer<typeof schema> & {
  devSignIn: ReturnType<typeof devSignInState>;
  oidc: ReturnType<typeof oidcConfig>;
};

export class EnvError extends Error {}

/** Validates a raw environment; pure, for tests and for start-up. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new EnvError(`POMS cannot start: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return { ...r.data, devSignIn: devSignInState(raw), oidc: oidcConfig(raw) };
}

let cached: Env | undefined;

/** The validated environment of this server process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The server's own process environment (PATH, HOME…), for child processes such as the batch tools (lib/batch/exec.ts). */
export function inheritedEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}
