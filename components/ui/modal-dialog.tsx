"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal <dialog> opened while `open` is true: the page behind is inert (focus stays inside), Escape or
 * the Back button closes it, and focus returns to whatever opened it.
 */
export function ModalDialog({ open, title, onClose, children, testId, wide = false }: { open: boolean; title: string; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement as HTMLElement | null;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  const titleId = useId();
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      className={`dialog ${wide ? "w-[min(48rem,calc(100vw-2rem))]" : "w-[min(32rem,calc(100vw-2rem))]"} p-5`}
      onClose={() => {
        if (opener.current?.isConnected) opener.current.focus();
        closeRef.current();
      }}
      data-testid={testId}
    >
      {open && (
        <div className="space-y-3">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
