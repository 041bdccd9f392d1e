/**
 * The service tree in reading order, pure: each parent followed by its children (by position, then name), with its
 * depth, so a page can list it as an indented tree and a screen reader hears the levels. Orphans (a parent that is
 * inactive or missing) are shown at the top level rather than lost.
 */
export type TreeNode = { id: number; parentId: number | null; position: number; displayName: string };

export function orderAsTree<T extends TreeNode>(rows: readonly T[]): (T & { depth: number; childCount: number })[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, T[]>();
  for (const r of rows) {
    const key = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    const list = children.get(key);
    if (list) list.push(r);
    else children.set(key, [r]);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.displayName.localeCompare(b.displayName));
  const out: (T & { depth: number; childCount: number })[] = [];
  const seen = new Set<number>();
  const visit = (r: T, depth: number) => {
    if (seen.has(r.id)) return; // a cycle in bad data never loops forever
    seen.add(r.id);
    const kids = children.get(r.id) ?? [];
    out.push({ ...r, depth, childCount: kids.length });
    for (const c of kids) visit(c, depth + 1);
  };
  for (const r of children.get(null) ?? []) visit(r, 0);
  for (const r of rows) if (!seen.has(r.id)) visit(r, 0);
  return out;
}
