import Link from "next/link";

/** What a page shows when the policy refuses it: the reason, and a way back. */
export function Refused({ title, message }: { title: string; message: string }) {
  return (
    <div className="card space-y-2" role="alert" data-testid="refused">
      <h1 className="text-xl font-bold">{title}</h1>
      <p>{message}</p>
      <p>
        <Link href="/" className="underline">Back to the dashboard</Link>
      </p>
    </div>
  );
}
