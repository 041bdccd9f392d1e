import { taskKey } from "./keys";

/**
 * A task for the API: its BigInt fields (estimated events) as numbers and its key when the experiment is
 * known. Shallow: nested objects (experiment, people, events) hold no BigInt, and dates serialise themselves.
 */
export function taskJson<T extends Record<string, unknown>>(t: T): Record<string, unknown> {
  const out: Record<string, unknown> = { ...t };
  for (const k in out) if (typeof out[k] === "bigint") out[k] = Number(out[k]);
  const experiment = t.experiment as { name?: string } | undefined;
  if (typeof t.number === "number" && t.number > 0 && experiment?.name) out.key = taskKey(experiment.name, t.number);
  return out;
}
