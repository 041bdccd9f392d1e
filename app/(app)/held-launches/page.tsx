import { requirePerson } from "@/lib/auth/session";
import { listHeldLaunches } from "@/lib/launch/held-launches";
import { readGlobalHold } from "@/lib/launch/holds";
import { decide } from "@/lib/people/policy";
import { toWire } from "@/lib/http/wire";
import { HeldLaunchesLive } from "@/components/runs/held-launches-live";

export const metadata = { title: "Held launches" };

export default async function HeldLaunchesPage() {
  const person = await requirePerson();
  const [heldLaunches, globalHold] = await Promise.all([listHeldLaunches(person), readGlobalHold()]);
  // Experiments whose launches this person may let go or delete (the server decides again on each click).
  const actExperiments = person.experiments.filter((e) => decide(person, "campaign.act", { experimentId: e.id }).allowed).map((e) => e.name);
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Held launches</h1>
        <p className="muted text-sm">Launches that met a hold wait here with its reason. They launch by themselves, oldest first, when the hold is lifted; you can launch one now despite the hold, or delete it.</p>
      </header>
      <HeldLaunchesLive initial={{ heldLaunches: toWire(heldLaunches), globalHold }} actExperiments={actExperiments} canManage={decide(person, "service.manage").allowed} />
    </div>
  );
}
