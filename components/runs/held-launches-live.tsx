"use client";

import Link from "next/link";
import type { HeldLaunchRow } from "@/lib/launch/held-launches";
import type { Hold } from "@/lib/launch/gate";
import type { Wire } from "@/lib/http/wire";
import { HeldLaunchList } from "./held-launch-list";
import { useLive } from "./live";
import { LiveNote } from "./live-note";
import { Ago } from "./ago";

type Data = { heldLaunches: Wire<HeldLaunchRow>[]; globalHold: Hold };

/** The global hold banner: every launch waits while it is on. */
export function GlobalHoldBanner({ hold, canManage }: { hold: Hold; canManage: boolean }) {
  if (!hold.held) return null;
  return (
    <p role="status" className="rounded-md border border-orange-300 bg-orange-50 p-3 text-sm text-orange-900 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-200" data-testid="global-hold-banner">
      <span aria-hidden="true">‖</span> <strong>All launches are on hold</strong>
      {hold.reason ? `: ${hold.reason}` : "."} {hold.by && <>Set by {hold.by}</>} {hold.since && <Ago at={hold.since} />}. New launches are stored here and go, oldest first, when the hold is lifted
      {canManage ? <> on the <Link href="/operations" className="underline">Operations page</Link>.</> : " by OPOS."}
    </p>
  );
}

export function HeldLaunchesLive({ initial, actExperiments, canManage }: { initial: Data; actExperiments: string[]; canManage: boolean }) {
  const { data, error, mutate, readAt } = useLive<Data>("/api/v1/held-launches", initial);
  const d = data ?? initial;
  return (
    <div className="space-y-4">
      <GlobalHoldBanner hold={d.globalHold} canManage={canManage} />
      <section className="card space-y-2" aria-labelledby="waiting">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="waiting" className="text-lg font-semibold">Waiting ({d.heldLaunches.length}), oldest first</h2>
          <LiveNote error={error} at={readAt} />
        </div>
        <HeldLaunchList rows={d.heldLaunches} canAct={(r) => actExperiments.includes(r.experiment)} showStage onDone={() => void mutate()} />
      </section>
    </div>
  );
}
