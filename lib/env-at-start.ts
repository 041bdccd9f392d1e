/**
 * Loaded by instrumentation.ts when the Node.js server starts: a misconfigured server stops here with
 * the message, instead of failing on the first request.
 */
import { env, EnvError } from "./env";

try {
  env();
} catch (err) {
  if (!(err instanceof EnvError)) throw err;
  console.error(err.message);
  process.exit(1);
}
