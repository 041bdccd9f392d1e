/** POSIX single-quote quoting for the batch layer's own scripts and remote commands: the value is one word whatever it holds. Pure. */
export function quoteWord(value: string): string {
  return value === "" ? "''" : /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
