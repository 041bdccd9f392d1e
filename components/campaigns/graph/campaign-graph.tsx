"use client";

import Link from "next/link";
import { useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import type { CampaignGraph as GraphData } from "@/lib/campaigns/graph/read-graph";
import type { Wire } from "@/lib/http/wire";
import { clampPosition, edgePath, graphExtent, layoutGraph, moveForKey, NODE_H, NODE_W, positionsToSave, type Point } from "@/lib/campaigns/graph/layout";
import { STAGE_TYPE_LABEL, SUBMISSION_STATUS_ORDER } from "@/lib/submissions/labels";
import { SubmissionStatusBadge } from "@/components/ui/badges";
import { sendJson } from "@/components/ui/api-client";
import { useLive } from "@/components/runs/live";
import { LiveNote } from "@/components/runs/live-note";
import { AddStageDialog } from "./add-stage-dialog";
import { DisconnectDialog } from "./disconnect-dialog";

type Data = Wire<GraphData>;
type Edge = Data["edges"][number];
const SAVE_AFTER_MS = 400;

/**
 * The campaign as a graph: stages as nodes with their submissions by state (live), dependencies as arrows (a
 * self-edge is a loop). A person who may edit the campaign drags a node, or focuses it and moves it with the arrow
 * keys (Shift: further); the place is saved. Enter opens the stage. The panel below adds a stage or a child,
 * connects and disconnects (asking first); the list of dependencies says in words what the arrows draw.
 */
export function CampaignGraph({ id, initial }: { id: number; initial: Data }) {
  const { data, error, mutate, readAt } = useLive<Data>(`/api/v1/campaigns/${id}/graph`, initial);
  const d = data ?? initial;
  const [moves, setMoves] = useState<Map<number, Point>>(new Map());
  const [selected, setSelected] = useState<number | null>(d.nodes[0]?.id ?? null);
  const [said, setSaid] = useState("");
  const [problem, setProblem] = useState("");
  const [adding, setAdding] = useState<{ parentId: number | null } | null>(null);
  const [asking, setAsking] = useState<Edge | null>(null);
  const [target, setTarget] = useState<string>("");
  const [patterns, setPatterns] = useState("%");
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const drag = useRef<{ id: number; pointer: number; start: Point; origin: Point; moved: boolean; pendingBefore: Point | undefined } | null>(null);
  const suppressClick = useRef(false);
  const modify = d.rights.modify;

  const nodes = d.nodes.map((n) => {
    const m = moves.get(n.id);
    return m ? { ...n, graphX: m.x, graphY: m.y } : n;
  });
  const at = layoutGraph(nodes, d.edges);
  const size = graphExtent(at.values());
  const nameOf = new Map(d.nodes.map((n) => [n.id, n.name]));
  const current = nodes.find((n) => n.id === selected) ?? null;

  /** Saves the moved places only (the others are laid out around them, as drawn while moving). */
  async function save(pending: Map<number, Point>) {
    const body = { positions: positionsToSave(pending) };
    const r = await sendJson<{ moved: number }>(`/api/v1/campaigns/${id}/graph`, "PUT", body);
    if (!r.ok) {
      setProblem(r.message);
      setMoves(new Map());
      return;
    }
    setProblem("");
    setSaid(`Place of ${[...pending.keys()].map((k) => nameOf.get(k)).join(", ")} saved.`);
    await mutate();
    setMoves((m) => {
      const next = new Map(m);
      for (const [k, p] of pending) if (next.get(k) === p) next.delete(k);
      return next;
    });
  }

  function moveTo(stageId: number, p: Point, now: boolean) {
    const next = new Map(moves);
    next.set(stageId, clampPosition(p));
    setMoves(next);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    if (now) void save(next);
    else saveTimer.current = setTimeout(() => void save(next), SAVE_AFTER_MS);
  }

  function onKey(e: KeyboardEvent, stageId: number) {
    if (!modify) return;
    const p = at.get(stageId)!;
    const to = moveForKey(p, e);
    if (!to) return;
    e.preventDefault();
    moveTo(stageId, to, false);
  }

  function onPointerDown(e: PointerEvent<HTMLAnchorElement>, stageId: number) {
    if (!modify || e.button !== 0) return;
    const p = at.get(stageId)!;
    drag.current = { id: stageId, pointer: e.pointerId, start: { x: e.clientX, y: e.clientY }, origin: { x: p.x, y: p.y }, moved: false, pendingBefore: moves.get(stageId) };
  }
  function onPointerMove(e: PointerEvent<HTMLAnchorElement>) {
    const g = drag.current;
    if (!g || g.pointer !== e.pointerId) return;
    const dx = e.clientX - g.start.x;
    const dy = e.clientY - g.start.y;
    if (!g.moved && Math.hypot(dx, dy) < 5) return;
    if (!g.moved) e.currentTarget.setPointerCapture(e.pointerId);
    g.moved = true;
    setMoves((m) => new Map(m).set(g.id, clampPosition({ x: g.origin.x + dx, y: g.origin.y + dy })));
  }
  /** The system took the pointer (a touch became a scroll, the window lost it): the node goes back, nothing is saved. */
  function onPointerCancel(e: PointerEvent<HTMLAnchorElement>) {
    const g = drag.current;
    if (!g || g.pointer !== e.pointerId) return;
    drag.current = null;
    if (g.moved)
      setMoves((m) => {
        const next = new Map(m);
        if (g.pendingBefore) next.set(g.id, g.pendingBefore);
        else next.delete(g.id);
        return next;
      });
  }
  function onPointerUp(e: PointerEvent<HTMLAnchorElement>) {
    const g = drag.current;
    drag.current = null;
    if (!g || !g.moved) return;
    suppressClick.current = true;
    moveTo(g.id, { x: g.origin.x + e.clientX - g.start.x, y: g.origin.y + e.clientY - g.start.y }, true);
  }

  async function connect() {
    if (!current || !target) return;
    const r = await sendJson(`/api/v1/campaigns/${id}/dependencies`, "POST", { fromStageId: current.id, toStageId: Number(target), filePatterns: patterns });
    if (!r.ok) return setProblem(r.message);
    setProblem("");
    setSaid(`${current.name} now feeds ${nameOf.get(Number(target))}.`);
    setTarget("");
    await mutate();
  }

  const incoming = d.edges.filter((e) => e.toStageId === selected);
  const outgoing = d.edges.filter((e) => e.fromStageId === selected && e.toStageId !== selected);
  const edgeWords = (e: Edge) => (e.fromStageId === e.toStageId ? `${nameOf.get(e.fromStageId)} relaunches itself` : `${nameOf.get(e.fromStageId)} → ${nameOf.get(e.toStageId)}`);

  return (
    <section className="card space-y-3" aria-labelledby="campaign-graph">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="campaign-graph" className="text-lg font-semibold">Graph</h2>
        <LiveNote error={error} at={readAt} />
      </div>
      <p id="graph-help" className="muted text-xs">
        {modify
          ? "Tab to a stage: arrow keys move it (Shift moves further) and its place is saved; Enter opens it. You can also drag stages with the mouse."
          : "Tab to a stage and press Enter to open it."}
      </p>
      {d.nodes.length === 0 ? (
        <p className="muted text-sm">This campaign has no stages yet.</p>
      ) : (
        <div className="max-h-[36rem] overflow-auto rounded border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-950" data-testid="graph-canvas">
          <div className="relative" style={{ width: size.width, height: size.height + 40 }}>
            <svg className="absolute inset-0 text-slate-500 dark:text-slate-400" width={size.width} height={size.height + 40} aria-hidden="true" focusable="false">
              <defs>
                <marker id={`arrow-${id}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                  <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
                </marker>
              </defs>
              {d.edges.map((e) => {
                const a = at.get(e.fromStageId);
                const b = at.get(e.toStageId);
                if (!a || !b) return null;
                const lit = e.fromStageId === selected || e.toStageId === selected;
                return (
                  <path
                    key={e.id}
                    d={edgePath({ x: a.x, y: a.y + 40 }, { x: b.x, y: b.y + 40 }, e.fromStageId === e.toStageId)}
                    fill="none"
                    stroke="currentColor"
                    strokeWidth={lit ? 2.5 : 1.5}
                    className={lit ? "text-blue-700 dark:text-blue-300" : undefined}
                    markerEnd={`url(#arrow-${id})`}
                    data-testid="graph-edge"
                    data-from={nameOf.get(e.fromStageId)}
                    data-to={nameOf.get(e.toStageId)}
                  />
                );
              })}
            </svg>
            <ul aria-label={`Stages of ${d.campaign.name}`}>
              {nodes.map((n) => {
                const p = at.get(n.id)!;
                const states = SUBMISSION_STATUS_ORDER.filter((s) => n.byStatus[s]);
                return (
                  <li key={n.id} className="absolute" style={{ left: p.x, top: p.y + 40, width: NODE_W, minHeight: NODE_H }}>
                    <Link
                      href={`/stages/${n.id}`}
                      className={`block h-full ${modify ? "touch-none" : ""} rounded-md border bg-white p-2 text-sm text-slate-900 no-underline shadow-sm select-none hover:no-underline dark:bg-slate-900 dark:text-slate-100 ${n.id === selected ? "border-blue-600 ring-2 ring-blue-600 dark:border-blue-400 dark:ring-blue-400" : "border-slate-300 dark:border-slate-600"} ${n.active ? "" : "border-dashed opacity-80"}`}
                      style={{ minHeight: NODE_H }}
                      aria-describedby="graph-help"
                      data-testid="graph-node"
                      data-stage={n.name}
                      data-x={p.x}
                      data-y={p.y}
                      draggable={false}
                      onFocus={() => setSelected(n.id)}
                      onKeyDown={(e) => onKey(e, n.id)}
                      onPointerDown={(e) => onPointerDown(e, n.id)}
                      onPointerMove={onPointerMove}
                      onPointerUp={onPointerUp}
                      onPointerCancel={onPointerCancel}
                      onClick={(e) => {
                        if (suppressClick.current) {
                          e.preventDefault();
                          suppressClick.current = false;
                        }
                      }}
                    >
                      <span className="block truncate font-semibold text-blue-800 dark:text-blue-200">{n.name}</span>
                      <span className="muted block text-xs">
                        {STAGE_TYPE_LABEL[n.stageType]}
                        {!n.active && " · inactive"}
                        {n.hold && <span className="font-semibold text-orange-800 dark:text-orange-300"> · on hold</span>}
                      </span>
                      <span className="mt-1 flex flex-wrap gap-1" data-testid="graph-node-counts">
                        {states.length === 0 ? <span className="muted text-xs">no submissions</span> : states.map((s) => <SubmissionStatusBadge key={s} status={s} count={n.byStatus[s]} />)}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      )}
      <p role="status" aria-live="polite" className="text-sm text-green-800 dark:text-green-300" data-testid="graph-status">{said}</p>
      {problem && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300" data-testid="graph-error">{problem}</p>
      )}

      {modify && (
        <div role="group" aria-labelledby="graph-edit" className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-700">
          <h3 id="graph-edit" className="font-semibold">Change the graph</h3>
          <div className="flex flex-wrap items-end gap-2">
            <button type="button" className="btn" onClick={() => setAdding({ parentId: null })} data-testid="graph-add-stage">Add stage</button>
            {d.nodes.length > 0 && (
              <>
                <div>
                  <label className="label" htmlFor="graph-selected">Stage</label>
                  <select id="graph-selected" className="field" value={selected ?? ""} onChange={(e) => setSelected(Number(e.target.value))}>
                    {d.nodes.map((n) => <option key={n.id} value={n.id}>{n.name}</option>)}
                  </select>
                </div>
                <button type="button" className="btn" disabled={!current} onClick={() => setAdding({ parentId: selected })} data-testid="graph-add-child">
                  Add child of {current?.name ?? "…"}
                </button>
              </>
            )}
          </div>
          {current && (
            <div className="flex flex-wrap items-end gap-2">
              <div>
                <label className="label" htmlFor="graph-target">Connect {current.name} to</label>
                <select id="graph-target" className="field" value={target} onChange={(e) => setTarget(e.target.value)} data-testid="graph-connect-target">
                  <option value="">Choose a stage…</option>
                  {d.nodes.map((n) => (
                    <option key={n.id} value={n.id}>{n.id === current.id ? `${n.name} (itself: relaunch the next slice)` : n.name}</option>
                  ))}
                </select>
              </div>
              <div>
                <label className="label" htmlFor="graph-patterns">Files it consumes</label>
                <input id="graph-patterns" className="field font-mono" value={patterns} onChange={(e) => setPatterns(e.target.value)} aria-describedby="graph-patterns-help" />
                <p id="graph-patterns-help" className="sr-only">File name patterns, comma separated; % matches anything.</p>
              </div>
              <button type="button" className="btn btn-primary" disabled={!target} onClick={() => void connect()} data-testid="graph-connect">Connect</button>
            </div>
          )}
          {current && (incoming.length > 0 || outgoing.length > 0) && (
            <div>
              <h4 className="text-sm font-semibold">Dependencies of {current.name}</h4>
              <ul className="mt-1 space-y-1 text-sm">
                {[...incoming, ...outgoing].map((e) => (
                  <li key={e.id} className="flex flex-wrap items-center gap-2">
                    <span>{edgeWords(e)}</span>
                    <code className="text-xs">{e.filePatterns}</code>
                    <button type="button" className="btn btn-danger" onClick={() => setAsking(e)} data-testid="graph-disconnect">
                      Disconnect<span className="sr-only"> {edgeWords(e)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}

      <details className="text-sm">
        <summary className="cursor-pointer">All dependencies ({d.edges.length})</summary>
        {d.edges.length === 0 ? (
          <p className="muted mt-1">No stage feeds another yet.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5" data-testid="graph-edge-list">
            {d.edges.map((e) => (
              <li key={e.id}>{edgeWords(e)} <span className="muted">(files: <code>{e.filePatterns}</code>)</span></li>
            ))}
          </ul>
        )}
      </details>

      {adding && d.choices && (
        <AddStageDialog
          campaignId={id}
          parent={adding.parentId === null ? null : (d.nodes.find((n) => n.id === adding.parentId) ?? null)}
          choices={d.choices}
          onClose={() => setAdding(null)}
          onAdded={async (name) => {
            setAdding(null);
            setProblem("");
            setSaid(`Stage ${name} added.`);
            await mutate();
          }}
        />
      )}
      {asking && (
        <DisconnectDialog
          campaignId={id}
          edge={asking}
          words={edgeWords(asking)}
          onClose={() => setAsking(null)}
          onDone={async () => {
            setProblem("");
            setSaid(`Disconnected: ${edgeWords(asking)}.`);
            setAsking(null);
            await mutate();
          }}
        />
      )}
    </section>
  );
}
