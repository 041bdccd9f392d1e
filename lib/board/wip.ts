/**
 * Work-in-progress limits: per column, and per operator within a column. A soft limit warns,
 * a hard limit refuses the move. Pure; the store counts and passes the numbers in.
 */
export type Limit = { softLimit: number | null; hardLimit: number | null };
export type WipVerdict = { ok: true; warnings: string[] } | { ok: false; message: string };

export function checkWip(args: {
  columnTitle: string;
  columnCount: number; // cards in the column before the move
  columnLimit?: Limit;
  operatorName?: string;
  operatorCount?: number; // that operator's cards in the column before the move
  operatorLimit?: Limit;
}): WipVerdict {
  const warnings: string[] = [];
  const check = (count: number, limit: Limit | undefined, what: string) => {
    if (!limit) return null;
    const after = count + 1;
    if (limit.hardLimit !== null && after > limit.hardLimit) return `${what} is at its hard limit of ${limit.hardLimit}: finish or move something out first.`;
    if (limit.softLimit !== null && after > limit.softLimit) warnings.push(`${what} is over its soft limit (${after} of ${limit.softLimit}).`);
    return null;
  };
  const refusal =
    check(args.columnCount, args.columnLimit, `"${args.columnTitle}"`) ??
    (args.operatorName ? check(args.operatorCount ?? 0, args.operatorLimit, `${args.operatorName}'s "${args.columnTitle}"`) : null);
  return refusal ? { ok: false, message: refusal } : { ok: true, warnings };
}
