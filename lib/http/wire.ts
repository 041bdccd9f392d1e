/**
 * What a value looks like after it crossed the wire as JSON: dates become ISO strings. A server component
 * hands its first paint to a client island in this shape, so that the island's SWR data (read from /api/v1)
 * and its first props have one type. Pure.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends bigint
    ? string
    : T extends (infer U)[]
      ? Wire<U>[]
      : T extends readonly (infer U)[]
        ? readonly Wire<U>[]
        : T extends object
          ? { [K in keyof T]: Wire<T[K]> }
          : T;

/** The value as the API would send it (dates → ISO strings, bigints → strings). */
export function toWire<T>(value: T): Wire<T> {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Wire<T>;
}
