import { requirePerson } from "@/lib/auth/session";
import { decide } from "@/lib/people/policy";
import { recentRuns } from "@/lib/background/runner";
import { readGlobalHold } from "@/lib/launch/holds";
import { toWire } from "@/lib/http/wire";
import { Refused } from "@/components/ui/refused";
import { OperationsLive, type RunRow } from "@/components/runs/operations-live";

export const metadata = { title: "Operations" };

export default async function OperationsPage() {
  const person = await requirePerson();
  const d = decide(person, "operations.view");
  if (!d.allowed) return <Refused title="Operations" message={d.reason} />;
  const [runs, hold] = await Promise.all([recentRuns("refresh", 50), readGlobalHold()]);
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Operations</h1>
        <p className="muted text-sm">The launch hold for the whole installation, and what the refresh (batch status, job changes, held launches) did on each run.</p>
      </header>
      <OperationsLive initialHold={hold} initialRuns={toWire(runs) as RunRow[]} canManage={decide(person, "service.manage").allowed} />
    </div>
  );
}
