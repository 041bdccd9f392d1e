"use client";

import Link from "next/link";
import type { StageStatus } from "@/lib/campaigns/stage-status";
import type { Wire } from "@/lib/http/wire";
import { ServiceStatusBadge } from "@/components/ui/badges";
import { Ago, At } from "@/components/runs/ago";

type Services = Wire<StageStatus>["services"];

/**
 * The stage page's "Needed services": each service a launch needs with its state and since when; when they hold
 * launches, why and since when the oldest held launch waits. Colour has meaning (the service badges), words too.
 */
export function StageServices({ services, oldestHeldAt, editHref }: { services: Services; oldestHeldAt: string | null; editHref: string | null }) {
  const holding = new Set(services.holding);
  return (
    <section className="card space-y-2" aria-labelledby="stage-services" data-testid="stage-services">
      <h2 id="stage-services" className="text-lg font-semibold">Needed services</h2>
      {services.reason && holding.size > 0 && (
        <p role="status" className="rounded-md bg-orange-50 p-2 text-sm font-medium text-orange-900 dark:bg-orange-950 dark:text-orange-200" data-testid="stage-service-hold">
          <span aria-hidden="true">‖ </span>Launches of this stage wait: {services.reason}.
          {oldestHeldAt && (
            <>
              {" "}The oldest held launch has waited since <At at={oldestHeldAt} /> (<Ago at={oldestHeldAt} />).
            </>
          )}{" "}
          They go by themselves, oldest first, when the services are back.
        </p>
      )}
      {!services.gating && <p className="muted text-sm">Service gating is switched off for the installation: services warn but never hold a launch.</p>}
      {services.needed.length === 0 ? (
        <p className="muted text-sm">
          No services are needed by this stage; its launches never wait on one.{editHref && <> Choose them in the <Link href={editHref} className="underline">stage configuration</Link>.</>}
        </p>
      ) : (
        <ul className="space-y-1 text-sm">
          {services.needed.map((s) => (
            <li key={s.id} className="flex flex-wrap items-baseline gap-2" data-testid="stage-service">
              <ServiceStatusBadge status={s.status} />
              <Link href={`/services/${s.id}`} className="underline">{s.name}</Link>
              <span className="muted">
                {s.status === "UNKNOWN" ? "state not known yet" : <>since <Ago at={s.since} /></>}
                {s.statusDetail && ` — ${s.statusDetail}`}
              </span>
              {s.maintenance && (
                <span className="text-orange-900 dark:text-orange-200">
                  In scheduled maintenance{s.maintenance.on !== s.name ? ` (${s.maintenance.on})` : ""} until <At at={s.maintenance.endsAt} />{s.maintenance.title ? `: ${s.maintenance.title}` : ""}
                </span>
              )}
              {s.staleSince && <span className="text-amber-900 dark:text-amber-200">Its monitor has not answered since <Ago at={s.staleSince} />.</span>}
              {holding.has(s.id) && <span className="font-semibold text-red-800 dark:text-red-300">Holds launches</span>}
            </li>
          ))}
        </ul>
      )}
      {services.warnings.length > 0 && (
        <ul className="text-sm text-amber-900 dark:text-amber-200" aria-label="Warnings">
          {services.warnings.map((w) => <li key={w}>{w}</li>)}
        </ul>
      )}
    </section>
  );
}
