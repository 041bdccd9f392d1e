// node:test runs lib code outside Next's bundler: `server-only` (which throws unless bundled for the
// server) resolves to an empty module here. Loaded with `node --import ./lib/testing/node-hooks.mjs`.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return next(specifier, context);
}`),
);
