"use client";

import { useDeferredValue, useEffect, useMemo, useRef, useState, type TextareaHTMLAttributes } from "react";

type Render = (text: string) => string;

/**
 * A Markdown text area with its preview beside it (below it on narrow screens), updated while the
 * person types. The preview uses the very renderer of the task page (lib/tasks/markdown.ts), loaded
 * on the first keystroke so that pages without typing do not carry it. The text area stays an
 * ordinary form field (uncontrolled), so the form reads it, keeps it after an error and resets it.
 */
export function MarkdownField({ id, defaultValue = "", previewName, ...textarea }: { id: string; defaultValue?: string; previewName: string } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "defaultValue" | "onChange">) {
  const [text, setText] = useState(defaultValue);
  const shown = useDeferredValue(text);
  const [render, setRender] = useState<{ fn: Render } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  const wanted = shown.trim() !== "";
  useEffect(() => {
    if (!wanted || render) return;
    let live = true;
    import("@/lib/tasks/markdown").then((m) => live && setRender({ fn: m.renderMarkdown }));
    return () => {
      live = false;
    };
  }, [wanted, render]);

  // A form reset (after a comment is posted) empties the text area; the preview follows.
  useEffect(() => {
    const form = area.current?.form;
    if (!form) return;
    const onReset = () => setTimeout(() => setText(area.current?.value ?? ""));
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);

  const html = useMemo(() => (render && wanted ? render.fn(shown) : ""), [render, wanted, shown]);
  return (
    <div className={wanted ? "grid gap-3 lg:grid-cols-2" : ""}>
      <textarea ref={area} id={id} defaultValue={defaultValue} onChange={(e) => setText(e.target.value)} {...textarea} />
      {wanted && (
        <section aria-label={`Preview of ${previewName}`} data-testid={`${id}-preview`} className="min-w-0 rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2 dark:border-slate-600 dark:bg-slate-950">
          <p className="muted mb-1 text-xs font-semibold tracking-wide uppercase" aria-hidden="true">
            Preview
          </p>
          {html ? <div className="prose-task text-sm break-words" dangerouslySetInnerHTML={{ __html: html }} /> : <p className="muted text-sm">Preparing the preview…</p>}
        </section>
      )}
    </div>
  );
}
