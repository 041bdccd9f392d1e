"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionResult } from "@/lib/http/action";

/**
 * A server action behind a form that keeps what the person typed when the answer is an error.
 * (React resets a form after an `action` prop runs, whatever the outcome.) With resetOnSuccess,
 * the form is cleared after a successful submission.
 */
export function useFormAction<S extends ActionResult>(action: (prev: S | null, form: FormData) => Promise<S>, opts: { resetOnSuccess?: boolean } = {}) {
  const [state, dispatch, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (opts.resetOnSuccess && state?.ok) form.current?.reset();
  }, [state, opts.resetOnSuccess]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, pending, form, onSubmit };
}
