import Link from "next/link";
import type { SlicePreview as Preview, NextSlice } from "@/lib/launch/slice-preview";

const nf = (n: number) => n.toLocaleString("en-US");
const WARN = "bg-amber-50 text-amber-900 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800";
const NEXT = "bg-sky-50 ring-1 ring-sky-300 dark:bg-sky-950 dark:ring-sky-800";

function NextLine({ title, slice }: { title: string; slice: NextSlice }) {
  return (
    <div className="text-sm">
      <dt className="muted">{title}</dt>
      <dd data-testid={`slice-${title === "Next launch" ? "next" : "test"}`}>
        {slice.ok ? (
          <>
            <span className={slice.catchAll ? `rounded px-1 ${WARN}` : undefined}>{slice.label}</span> <span className="muted">({nf(slice.fileCount)} {slice.fileCount === 1 ? "file" : "files"})</span>
          </>
        ) : (
          <span className="muted">{slice.message}</span>
        )}
      </dd>
    </div>
  );
}

/** The stage's slices: what the next launch and a test launch take, and for campaign slicing the whole plan, paged. */
export function SlicePreview({ stageId, preview }: { stageId: number; preview: Preview }) {
  const { plan } = preview;
  const pageHref = (p: number) => `/stages/${stageId}?slices=${p}#slices`;
  return (
    <section id="slices" aria-labelledby="slices-heading" className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-700">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="slices-heading" className="text-lg font-semibold">Slices</h2>
        <p className="muted text-sm">
          <span className="font-mono">{preview.splitType}</span>
          {preview.position && <> · {preview.position}</>}
        </p>
      </div>
      <dl className="grid gap-2 sm:grid-cols-2">
        <NextLine title="Next launch" slice={preview.next} />
        {preview.test && <NextLine title="Test launch" slice={preview.test} />}
      </dl>
      {plan && (
        <>
          <p className="text-sm" data-testid="slice-summary">
            {nf(plan.total)} files in {nf(plan.sliceCount)} {plan.sliceCount === 1 ? "slice" : "slices"};{" "}
            {plan.nextIndex >= plan.sliceCount ? "every slice has been launched." : `slice ${nf(plan.nextIndex + 1)} is next.`}
          </p>
          <p data-testid="catch-all" className={`rounded-md px-3 py-1.5 text-sm ${plan.catchAll > 0 ? WARN : "bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200"}`}>
            {plan.catchAll > 0
              ? `Warning — catch-all: ${nf(plan.catchAll)} ${plan.catchAll === 1 ? "file is" : "files are"} in no tagged slice (a component's value or the start time is missing). They are launched last, flagged.`
              : "Catch-all: empty — every file is in a tagged slice."}
          </p>
          <table className="w-full text-sm">
            <caption className="sr-only">Slices of this stage, in launch order</caption>
            <thead>
              <tr className="text-left">
                <th scope="col" className="w-16 py-1 pr-2">#</th>
                <th scope="col" className="py-1 pr-2">Slice</th>
                <th scope="col" className="py-1 text-right">Files</th>
              </tr>
            </thead>
            <tbody>
              {plan.slices.map((s) => {
                const isNext = s.index === plan.nextIndex;
                const done = s.index < plan.nextIndex;
                return (
                  <tr key={s.index} className={isNext ? NEXT : s.kind === "catch-all" ? WARN : undefined} aria-current={isNext ? "step" : undefined} data-testid="slice-row">
                    <td className="py-1 pr-2 tabular-nums">{nf(s.index + 1)}</td>
                    <td className={`py-1 pr-2 ${done ? "muted" : ""}`}>
                      {s.label}
                      {isNext && <span className="ml-2 rounded-full bg-sky-700 px-2 py-0.5 text-xs font-semibold text-white">next</span>}
                      {done && <span className="sr-only"> (launched)</span>}
                    </td>
                    <td className="py-1 text-right tabular-nums">{nf(s.count)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {plan.pages > 1 && (
            <nav aria-label="Slice pages" className="flex flex-wrap items-center gap-2 text-sm">
              {plan.page > 1 ? <Link className="underline" href={pageHref(plan.page - 1)}>Previous</Link> : <span className="muted">Previous</span>}
              <span>
                Page {nf(plan.page)} of {nf(plan.pages)}
              </span>
              {plan.page < plan.pages ? <Link className="underline" href={pageHref(plan.page + 1)}>Next</Link> : <span className="muted">Next</span>}
            </nav>
          )}
        </>
      )}
    </section>
  );
}
