/** Done (green) and failed (red) shares of a total, with the numbers in text beside it. */
export function ProgressBar({ done, failed, total, label }: { done: number; failed: number; total: number; label: string }) {
  const pct = (n: number) => (total ? (100 * n) / total : 0);
  return (
    <div>
      <div className="flex h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total || 1} aria-valuenow={done}>
        <div className="bg-green-600" style={{ width: `${pct(done)}%` }} />
        <div className="bg-red-600" style={{ width: `${pct(failed)}%` }} />
      </div>
      <div className="muted mt-0.5 text-xs">
        {total ? `${done} of ${total} done${failed ? `, ${failed} failed` : ""}` : "no submissions yet"}
      </div>
    </div>
  );
}
