"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="muted mt-2">The error was logged{error.digest ? ` with reference ${error.digest}` : ""}. Try again, or report the reference.</p>
      <button className="btn mt-4" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
