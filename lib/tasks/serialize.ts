import { taskKey } from "./keys";

/** JSON shapes of tasks for the API (BigInt and dates made plain; the key when the experiment is known). */
export function taskJson<T extends Record<string, unknown>>(t: T) {
  const plain = JSON.parse(JSON.stringify(t, (_, v) => (typeof v === "bigint" ? Number(v) : v))) as Record<string, unknown>;
  const experiment = t.experiment as { name?: string } | undefined;
  if (typeof t.number === "number" && t.number > 0 && experiment?.name) plain.key = taskKey(experiment.name, t.number);
  return plain;
}
