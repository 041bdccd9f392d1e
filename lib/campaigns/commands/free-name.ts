/** The first free copy name: "<name>_copy", then "<name>_copy2", … (bounded to the 100-character names). */
export async function freeName(base: string, taken: (name: string) => Promise<boolean>): Promise<string> {
  for (let i = 1; i < 100; i++) {
    const suffix = i === 1 ? "_copy" : `_copy${i}`;
    const candidate = base.slice(0, 100 - suffix.length) + suffix;
    if (!(await taken(candidate))) return candidate;
  }
  return `${base.slice(0, 80)}_copy_${Date.now()}`;
}
