"use client";

import { useId, useState } from "react";
import type { StageSchedules } from "@/lib/schedules/queries";
import type { Wire } from "@/lib/http/wire";
import { CRON_HELP } from "@/lib/schedules/words";
import { sendJson } from "@/components/ui/api-client";
import { useLive } from "./live";
import { Ago } from "./ago";

type Data = Wire<StageSchedules>;

function zones(): string[] {
  try {
    return ["UTC", ...Intl.supportedValuesOf("timeZone")];
  } catch {
    return ["UTC"];
  }
}

/** The stage page's schedules: each with its next run in its own zone; add, pause, resume, delete (campaign.act). */
export function SchedulePanel({ stageId, initial }: { stageId: number; initial: Data }) {
  const url = `/api/v1/stages/${stageId}/schedules`;
  const { data, mutate } = useLive<Data>(url, initial);
  const d = data ?? initial;
  const id = useId();
  const [cron, setCron] = useState("");
  const [zone, setZone] = useState("UTC");
  const [clear, setClear] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string; field?: string } | null>(null);
  // Filled when the zone field is first used: the server and the browser may know different lists of zones.
  const [zoneList, setZoneList] = useState<string[]>(["UTC"]);

  async function add() {
    setBusy(true);
    const r = await sendJson<{ id: number }>(url, "POST", { cronExpression: cron, timeZone: zone, clearWhenDone: clear });
    setBusy(false);
    if (!r.ok) return setStatus({ ok: false, text: `Not added: ${r.message}`, field: /zone/i.test(r.message) ? "zone" : "cron" });
    setCron("");
    setStatus({ ok: true, text: "Schedule added: it launches as the system for you." });
    void mutate();
  }

  async function change(scheduleId: number, what: "pause" | "resume" | "delete") {
    setBusy(true);
    const r = what === "delete" ? await sendJson(`${url}/${scheduleId}`, "DELETE") : await sendJson(`${url}/${scheduleId}`, "PUT", { active: what === "resume" });
    setBusy(false);
    setConfirming(null);
    setStatus(r.ok ? { ok: true, text: what === "delete" ? "Schedule deleted." : what === "pause" ? "Schedule paused." : "Schedule resumed from now (runs missed while paused do not fire)." } : { ok: false, text: `Not changed: ${r.message}` });
    void mutate();
  }

  return (
    <section className="card space-y-3" aria-labelledby={`${id}-h`} data-testid="stage-schedules">
      <h2 id={`${id}-h`} className="text-lg font-semibold">Schedules ({d.schedules.length})</h2>
      {d.schedules.length === 0 ? (
        <p className="muted text-sm">No schedules: this stage launches only when someone (or a chain) launches it.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Schedules of this stage</caption>
            <thead className="border-b border-slate-200 dark:border-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-3">When</th>
                <th scope="col" className="py-2 pr-3">Next run</th>
                <th scope="col" className="py-2 pr-3">Last run</th>
                <th scope="col" className="py-2 pr-3">Launches for</th>
                {d.rights.act && <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {d.schedules.map((s) => (
                <tr key={s.id} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid="schedule-row">
                  <td className="py-2 pr-3">
                    <span className="font-mono">{s.cronExpression}</span> <span className="muted">({s.timeZone})</span>
                    {s.clearWhenDone && <div className="muted text-xs">stops when every slice has been launched</div>}
                  </td>
                  <td className="py-2 pr-3">
                    {s.active && s.nextRunAt ? (
                      <>
                        <span className="text-green-800 dark:text-green-300"><span aria-hidden="true">● </span>{s.nextRunText}</span>
                        <div className="muted text-xs"><Ago at={s.nextRunAt} /></div>
                      </>
                    ) : (
                      <span className="font-medium text-slate-700 dark:text-slate-300"><span aria-hidden="true">‖ </span>Paused</span>
                    )}
                  </td>
                  <td className="py-2 pr-3">
                    {s.lastRunAt ? <Ago at={s.lastRunAt} /> : <span className="muted">never</span>}
                    {s.lastResult && <div className={`text-xs ${/^(Not launched|Held)/.test(s.lastResult) ? "text-amber-800 dark:text-amber-300" : "muted"}`}>{s.lastResult}</div>}
                  </td>
                  <td className="py-2 pr-3">{s.owner}</td>
                  {d.rights.act && (
                    <td className="py-2">
                      <div className="flex flex-wrap gap-1">
                        <button type="button" className="btn" disabled={busy} onClick={() => void change(s.id, s.active ? "pause" : "resume")}>
                          {s.active ? "Pause" : "Resume"}<span className="sr-only"> schedule {s.cronExpression}</span>
                        </button>
                        {confirming === s.id ? (
                          <>
                            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void change(s.id, "delete")}>Yes, delete</button>
                            <button type="button" className="btn" onClick={() => setConfirming(null)}>Keep</button>
                          </>
                        ) : (
                          <button type="button" className="btn" disabled={busy} onClick={() => setConfirming(s.id)}>
                            Delete<span className="sr-only"> schedule {s.cronExpression}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.rights.act && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-48 flex-1">
              <label className="label" htmlFor={`${id}-cron`}>Cron expression</label>
              <input id={`${id}-cron`} className="field font-mono" value={cron} maxLength={120} placeholder="0 3 * * *" onChange={(e) => setCron(e.target.value)} aria-describedby={`${id}-cron-help`} aria-invalid={status?.field === "cron" || undefined} required />
            </div>
            <div className="min-w-48">
              <label className="label" htmlFor={`${id}-zone`}>Time zone</label>
              <input id={`${id}-zone`} className="field" value={zone} maxLength={64} list={`${id}-zones`} onFocus={() => zoneList.length === 1 && setZoneList(zones())} onChange={(e) => setZone(e.target.value)} aria-invalid={status?.field === "zone" || undefined} required />
              <datalist id={`${id}-zones`}>
                {zoneList.map((z) => <option key={z} value={z} />)}
              </datalist>
            </div>
            <button className="btn" disabled={busy}>Add schedule</button>
          </div>
          <p id={`${id}-cron-help`} className="muted text-xs">{CRON_HELP} Runs missed while nothing refreshed fire once.</p>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={clear} onChange={(e) => setClear(e.target.checked)} /> Stop when every slice has been launched
          </label>
        </form>
      )}
      <p role="status" aria-live="polite" className={`text-sm empty:hidden ${status?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
        {status?.text ?? ""}
      </p>
    </section>
  );
}
