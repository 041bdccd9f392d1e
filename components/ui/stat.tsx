import Link from "next/link";

export function Stat({ label, value, href, hint, testId }: { label: string; value: number | string; href?: string; hint?: string; testId?: string }) {
  const body = (
    <>
      <div className="text-sm font-medium text-slate-600 dark:text-slate-400">{label}</div>
      <div className="mt-1 text-3xl font-bold tabular-nums text-slate-900 dark:text-white" data-testid={testId}>
        {value}
      </div>
      {hint && <div className="muted mt-1 text-xs">{hint}</div>}
    </>
  );
  return href ? (
    <Link href={href} className="card block no-underline hover:border-blue-400 hover:no-underline">
      {body}
    </Link>
  ) : (
    <div className="card">{body}</div>
  );
}
