/** Small readers shared by the split types' parsers. Pure. */

export type Parsed<T> = { ok: true; spec: T } | { ok: false; message: string };

export const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** A whole number written with digits only (no sign, decimals or exponent); null when it is not one. */
export function wholeNumber(text: string): number | null {
  if (!/^[0-9]{1,12}$/.test(text)) return null;
  return Number(text);
}

/** The text between the outer brackets of `name(…)`; "" for a bare `name` or `name()`; null when malformed. */
export function bracketed(src: string, name: string): string | null {
  const m = new RegExp(`^${name}\\s*(?:\\((.*)\\))?$`, "is").exec(src.trim());
  if (!m) return null;
  return (m[1] ?? "").trim();
}

export const nf = (n: number) => n.toLocaleString("en-US");
export const filesWord = (n: number) => `${nf(n)} ${n === 1 ? "file" : "files"}`;
