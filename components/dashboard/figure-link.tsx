import Link from "next/link";

const TONE = {
  neutral: "border-slate-200 dark:border-slate-800",
  attention: "border-l-4 border-amber-500 dark:border-amber-400",
  alarm: "border-l-4 border-red-600 dark:border-red-400",
  good: "border-l-4 border-green-600 dark:border-green-400",
} as const;

/**
 * One figure on the dashboard, as a link to the list it counts. A tone (a coloured edge) marks
 * figures that ask for action; the words carry the meaning too.
 */
export function FigureLink({ label, value, href, hint, testId, tone = "neutral" }: { label: string; value: number; href: string; hint?: string; testId: string; tone?: keyof typeof TONE }) {
  return (
    <Link href={href} className={`card block text-slate-900 no-underline hover:border-blue-500 hover:no-underline dark:text-white ${value > 0 ? TONE[tone] : ""}`} data-testid={`${testId}-link`}>
      <span className="block text-sm font-medium text-slate-600 dark:text-slate-400">{label}</span>
      <span className="mt-1 block text-3xl font-bold tabular-nums" data-testid={testId}>
        {value}
      </span>
      {hint && <span className="muted mt-1 block text-xs">{hint}</span>}
    </Link>
  );
}
