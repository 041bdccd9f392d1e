/** Runs once when the server starts: validate the environment (lib/env-at-start.ts). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/env-at-start");
}
