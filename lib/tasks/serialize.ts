/** JSON shapes of tasks for the API and the board (BigInt and dates made plain). */
export function taskJson<T extends Record<string, unknown>>(t: T) {
  return JSON.parse(JSON.stringify(t, (_, v) => (typeof v === "bigint" ? Number(v) : v))) as Record<string, unknown>;
}
