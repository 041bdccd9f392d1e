import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="muted mt-2">There is nothing at this address, or you may not see it.</p>
      <p className="mt-4">
        <Link href="/">Back to the dashboard</Link>
      </p>
    </main>
  );
}
