/**
 * Task keys: the short name people say in a chat, "NOVA-57" — the experiment in capitals and the
 * task's number within it. A reference in a URL or the API is either a key or the numeric id. Pure.
 */
import { MAX_INT } from "@/lib/http/input";

export const taskKey = (experimentName: string, number: number) => `${experimentName.toUpperCase()}-${number}`;

/** The experiment name a key starts with (names are lower-case): "NOVA-57" → "nova". */
export const experimentOfKey = (key: string) => key.slice(0, key.lastIndexOf("-")).toLowerCase();

export type TaskRef = { id: number } | { experiment: string; number: number };

/** "57" → id 57; "NOVA-57" or "nova-57" → experiment nova, number 57; anything else → null. */
export function parseTaskRef(text: string): TaskRef | null {
  const t = text.trim();
  if (/^[1-9][0-9]{0,9}$/.test(t)) return Number(t) <= MAX_INT ? { id: Number(t) } : null;
  const m = /^([A-Za-z0-9_-]{1,50})-([1-9][0-9]{0,9})$/.exec(t);
  if (!m || Number(m[2]) > MAX_INT) return null;
  return { experiment: m[1].toLowerCase(), number: Number(m[2]) };
}
