"use client";

import Link from "next/link";
import { useState } from "react";
import type { SubmissionChain } from "@/lib/chains/queries";
import type { Wire } from "@/lib/http/wire";
import { RECOVERY_TYPES, isRecoveryType } from "@/lib/chains/recovery";
import { readPairs } from "@/lib/campaigns/effective";
import { sendJson } from "@/components/ui/api-client";
import { SubmissionStatusBadge } from "@/components/ui/badges";
import { useLive } from "./live";
import { Ago } from "./ago";

type Data = Wire<SubmissionChain>;
type Launch = Data["launches"][number];

const OUTCOME: Record<string, { text: string; tone: string }> = {
  "": { text: "waiting for the next refresh to launch it", tone: "muted" },
  launched: { text: "launched", tone: "text-green-800 dark:text-green-300" },
  held: { text: "held: it waits in the held launches until the hold is lifted", tone: "text-orange-800 dark:text-orange-300" },
  failed: { text: "could not be launched", tone: "text-red-700 dark:text-red-300" },
  refused: { text: "refused", tone: "text-red-700 dark:text-red-300" },
  ended: { text: "nothing left: every slice of the stage has been launched, so the chain ends here", tone: "muted" },
};

function what(l: Launch, parentStage: string): string {
  const files = `${l.fileCount.toLocaleString("en")} file${l.fileCount === 1 ? "" : "s"}`;
  if (l.trigger === "RECOVERY") return `Recovery ${l.recoveryPosition} over ${files}${isRecoveryType(l.recoveryType) ? ` (${RECOVERY_TYPES[l.recoveryType].replace(/\.$/, "").toLowerCase()})` : ""}`;
  if (!l.dataset) return `The next slice of ${parentStage === l.stage.name ? "this stage" : l.stage.name}`;
  return `Stage ${l.stage.name} on ${files} of outputs`;
}

/** The submission page's chain: what the wrap-up launched from it (recovery or dependents), and "Launch recovery". */
export function ChainPanel({ id, stageName, initial }: { id: number; stageName: string; initial: Data }) {
  const { data, mutate } = useLive<Data>(`/api/v1/submissions/${id}/chain`, initial);
  const d = data ?? initial;
  const s = d.submission;
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const overrides = readPairs(s.recoveryOverrides);

  async function recover(retry = false) {
    setBusy(true);
    setStatus(null);
    const r = await sendJson<{ kind: string; submissionId?: number; reason?: string; recovery: { position: number; files: number } }>(`/api/v1/submissions/${id}/recovery`, "POST");
    setBusy(false);
    if (!r.ok) setStatus({ ok: false, text: `${retry ? "The retry launched nothing" : "No recovery launched"}: ${r.message}` });
    else if (r.data.kind === "held") setStatus({ ok: true, text: `Recovery ${r.data.recovery.position} of ${r.data.recovery.files} file(s) is held: ${r.data.reason}` });
    else setStatus({ ok: r.data.kind === "launched", text: `Recovery ${r.data.recovery.position} of ${r.data.recovery.files} file(s): submission ${r.data.submissionId} ${r.data.kind === "launched" ? "launched" : "could not be handed to the batch system"}.` });
    void mutate();
  }

  return (
    <section className="card space-y-2" aria-labelledby="chain" data-testid="submission-chain">
      <h2 id="chain" className="text-lg font-semibold">What comes next</h2>
      <p className="text-sm" data-testid="chain-state">
        {s.isTest
          ? "A test launch: it starts no recovery or dependent stage."
          : s.wrappedUpAt
            ? <>Wrapped up <Ago at={s.wrappedUpAt} />{d.launches.length === 0 ? ": nothing needed launching (every file processed, and no dependent stage took outputs)." : "."}</>
            : s.status === "LOCATED" || (s.status === "FAILED" && s.recoveryPosition > 0)
              ? "Waiting for the next refresh to launch its recovery or dependent stages."
              : "Once it is Located, its recovery (files not processed) or its dependent stages launch by themselves."}
      </p>
      {s.wrapUpError && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          <span aria-hidden="true">⚠</span> {s.wrapUpError}
        </p>
      )}
      {overrides.length > 0 && (
        <p className="text-sm">
          Recovery {s.recoveryPosition} with <span className="font-mono text-xs">{overrides.map(([k, v]) => `${k} ${v}`).join(" ")}</span> (kept by later recoveries)
        </p>
      )}
      {d.launches.length > 0 && (
        <ul className="space-y-1 text-sm" data-testid="chain-launches">
          {d.launches.map((l) => {
            const o = OUTCOME[l.outcome] ?? { text: l.outcome, tone: "muted" };
            return (
              <li key={l.id} className="border-l-2 border-slate-300 pl-2 dark:border-slate-700">
                {what(l, stageName)}:{" "}
                <span className={o.tone}>{o.text}</span>
                {l.submissionId && <> — <Link href={`/submissions/${l.submissionId}`} className="underline">submission {l.submissionId}</Link></>}
                {l.outcome === "held" && <> — <Link href="/held-launches" className="underline">held launches</Link></>}
                {l.error && l.outcome !== "ended" && <div className="text-xs text-red-700 dark:text-red-300">{l.error}</div>}
                {l.canRetry && (
                  <div className="mt-1 flex flex-wrap items-center gap-2">
                    <button type="button" className="btn" disabled={busy} onClick={() => void recover(true)} aria-describedby={`retry-help-${l.id}`} data-testid="retry-recovery">
                      Retry
                    </button>
                    <span id={`retry-help-${l.id}`} className="muted text-xs">Launches this recovery again now, over the files still not processed, once the reason above is fixed.</span>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {d.children.length > 0 && (
        <div className="text-sm">
          <h3 className="muted">Launched from it</h3>
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {d.children.map((k) => (
              <li key={k.id} className="flex items-center gap-1">
                <Link href={`/submissions/${k.id}`} className="underline">#{k.id}</Link> <span className="muted">{k.recoveryPosition > 0 ? `recovery ${k.recoveryPosition}` : k.stage.name}</span> <SubmissionStatusBadge status={k.status} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {d.canRecover && (
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className="btn" disabled={busy} onClick={() => void recover()} aria-describedby="launch-recovery-help" data-testid="launch-recovery">
            Launch recovery
          </button>
          <span id="launch-recovery-help" className="muted text-xs">Launches the job type&apos;s next recovery over the files that were not processed, now.</span>
        </div>
      )}
      <p role="status" aria-live="polite" className={`text-sm empty:hidden ${status?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
        {status?.text ?? ""}
      </p>
    </section>
  );
}
