"use client";

import type { MouseEvent, Ref } from "react";
import type { ActionResult } from "@/lib/http/action";
import { summaryLines } from "./field-errors";

/**
 * What stopped a form, at its top: it takes focus (the form focuses it) so that a screen reader reads
 * it and a keyboard starts from it; each line links to its field and moves focus there.
 */
export function ErrorSummary({ state, labels, ref }: { state: ActionResult; labels: Record<string, string>; ref?: Ref<HTMLDivElement> }) {
  const lines = summaryLines(state.fieldErrors ?? {}, labels, state.message);
  const go = (e: MouseEvent<HTMLAnchorElement>, field: string) => {
    const target = document.getElementById(field);
    if (!target) return;
    e.preventDefault();
    target.focus();
    target.scrollIntoView({ block: "center" });
  };
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" data-testid="error-summary" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p id="error-summary-title" className="font-semibold">
        Please fix {lines.length === 1 ? "this" : `these ${lines.length} things`} first:
      </p>
      <ul className="mt-1 list-disc pl-5">
        {lines.map((l) => (
          <li key={`${l.field}:${l.text}`}>
            {l.field ? (
              <a href={`#${l.field}`} onClick={(e) => go(e, l.field!)} className="text-red-900 underline dark:text-red-100">
                {l.text}
              </a>
            ) : (
              l.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
