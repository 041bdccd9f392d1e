import { requirePerson } from "@/lib/auth/session";
import { decide } from "@/lib/people/policy";
import { recentRuns } from "@/lib/background/runner";
import { readGlobalHold } from "@/lib/launch/holds";
import { toWire } from "@/lib/http/wire";
import { Refused } from "@/components/ui/refused";
import { OperationsLive, type RunRow } from "@/components/runs/operations-live";
import { listGatingServices, readServiceGating } from "@/lib/services/gate-services";
import { GatingPanel } from "@/components/services/gating-panel";

export const metadata = { title: "Operations" };

export default async function OperationsPage() {
  const person = await requirePerson();
  const d = decide(person, "operations.view");
  if (!d.allowed) return <Refused title="Operations" message={d.reason} />;
  const [runs, hold, gating, gatingServices] = await Promise.all([recentRuns("refresh", 50), readGlobalHold(), readServiceGating(), listGatingServices()]);
  const canManage = decide(person, "service.manage").allowed;
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Operations</h1>
        <p className="muted text-sm">The launch hold and service gating for the whole installation, and what the refresh (batch status, job changes, held launches) did on each run.</p>
      </header>
      <GatingPanel initial={toWire({ gating, services: gatingServices })} canManage={canManage} />
      <OperationsLive initialHold={hold} initialRuns={toWire(runs) as RunRow[]} canManage={canManage} />
    </div>
  );
}
