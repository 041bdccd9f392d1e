/** A page whose feature belongs to a later issue: it says so plainly and pretends nothing. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold">{title}</h1>
      <div className="card">
        <p className="font-medium">Not built yet.</p>
        <p className="muted mt-1">{what}</p>
      </div>
    </div>
  );
}
