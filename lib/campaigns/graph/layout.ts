/**
 * The campaign graph's layout rules: where a stage is drawn when nobody has placed it (layers by dependency
 * depth), how far an arrow key moves a node, the bounds of the drawing, and the shape of an edge (a curve from
 * the producer's right side to the consumer's left side; a self-edge is a loop above its node). Pure.
 */
import { z } from "zod";

export const NODE_W = 184;
export const NODE_H = 76;
/** The drawing's extent: positions are kept inside 0..GRAPH_MAX on both axes. */
export const GRAPH_MAX = 10_000;
const MARGIN = 24;
const LAYER_GAP = 96;
const ROW_GAP = 36;
/** An arrow key moves the focused node by STEP pixels; with Shift by BIG_STEP. */
export const STEP = 10;
export const BIG_STEP = 60;

export type Point = { x: number; y: number };
export type GraphNode = { id: number; graphX: number | null; graphY: number | null };
export type GraphEdge = { fromStageId: number; toStageId: number };

const coordinate = (axis: string) =>
  z
    .number({ message: `The ${axis} position must be a number.` })
    .int(`The ${axis} position must be a whole number.`)
    .min(0, `The ${axis} position must be at least 0.`)
    .max(GRAPH_MAX, `The ${axis} position must be at most ${GRAPH_MAX.toLocaleString("en-US")}.`);
/** A node's saved place on the drawing (CampaignStage.graphX/graphY). */
export const graphPosition = z.strictObject({ x: coordinate("x"), y: coordinate("y") });

export const clampPosition = (p: Point): Point => ({ x: Math.max(0, Math.min(GRAPH_MAX, Math.round(p.x))), y: Math.max(0, Math.min(GRAPH_MAX, Math.round(p.y))) });

/** Where an arrow key (ArrowLeft/Right/Up/Down) takes a node; null for any other key. */
export function movedByKey(p: Point, key: string, big: boolean): Point | null {
  const d = big ? BIG_STEP : STEP;
  const delta: Record<string, Point> = { ArrowLeft: { x: -d, y: 0 }, ArrowRight: { x: d, y: 0 }, ArrowUp: { x: 0, y: -d }, ArrowDown: { x: 0, y: d } };
  const m = delta[key];
  return m ? clampPosition({ x: p.x + m.x, y: p.y + m.y }) : null;
}

/** The keys of a key press that matter for moving a node. */
export type KeyPress = { key: string; shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean };

/**
 * Where a key press takes a focused node: an arrow key (Shift: further) moves it; with Alt, Ctrl or Meta it is
 * the browser's or the system's shortcut (scroll, back, switch desk) and the node stays. Null when it does not move.
 */
export function moveForKey(p: Point, e: KeyPress): Point | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  return movedByKey(p, e.key, e.shiftKey);
}

/**
 * What a move saves: only the nodes a person placed (dragged or moved with keys), never every node still laid out
 * automatically (those are laid out again around the placed ones, as they were drawn while moving), so any
 * campaign, however many stages it has, can be rearranged one node at a time.
 */
export function positionsToSave(pending: ReadonlyMap<number, Point>): { stageId: number; x: number; y: number }[] {
  return [...pending].map(([stageId, p]) => ({ stageId, ...clampPosition(p) }));
}

/**
 * Each stage's depth: 0 for a stage with no upstream stage, else one more than its deepest producer. Self-edges do
 * not count. A cycle is cut at the edge that closes it when walking downstream from the stages without producers
 * (then the others), in the given order, so a chain gen → reco → ana → gen keeps gen first.
 */
export function dependencyDepths(nodes: readonly { id: number }[], edges: readonly GraphEdge[]): Map<number, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const real = edges.filter((e) => e.fromStageId !== e.toStageId && ids.has(e.fromStageId) && ids.has(e.toStageId));
  const downstream = new Map<number, number[]>();
  for (const e of real) downstream.set(e.fromStageId, [...(downstream.get(e.fromStageId) ?? []), e.toStageId]);
  const hasProducer = new Set(real.map((e) => e.toStageId));
  const order = [...nodes.filter((n) => !hasProducer.has(n.id)), ...nodes.filter((n) => hasProducer.has(n.id))].map((n) => n.id);
  // Walk downstream (iteratively); an edge into a stage still on the walk's stack closes a cycle and is cut.
  const state = new Map<number, "open" | "done">();
  const cut = new Set<string>();
  for (const root of order) {
    if (state.has(root)) continue;
    const stack: { id: number; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, "open");
    while (stack.length) {
      const top = stack[stack.length - 1];
      const outs = downstream.get(top.id) ?? [];
      if (top.next >= outs.length) {
        state.set(top.id, "done");
        stack.pop();
        continue;
      }
      const to = outs[top.next++];
      if (state.get(to) === "open") cut.add(`${top.id}>${to}`);
      else if (!state.has(to)) {
        state.set(to, "open");
        stack.push({ id: to, next: 0 });
      }
    }
  }
  const upstream = new Map<number, number[]>();
  for (const e of real) if (!cut.has(`${e.fromStageId}>${e.toStageId}`)) upstream.set(e.toStageId, [...(upstream.get(e.toStageId) ?? []), e.fromStageId]);
  // Longest path over what is left (acyclic), producers first.
  const depth = new Map<number, number>();
  const visit = (id: number): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    depth.set(id, 0); // unreachable guard: the graph is acyclic now
    const d = (upstream.get(id) ?? []).reduce((m, from) => Math.max(m, visit(from) + 1), 0);
    depth.set(id, d);
    return d;
  };
  for (const id of order) visit(id);
  return depth;
}

const overlaps = (a: Point, b: Point) => Math.abs(a.x - b.x) < NODE_W + ROW_GAP / 2 && Math.abs(a.y - b.y) < NODE_H + ROW_GAP / 2;

/**
 * Every node's place: a saved position is kept; a node without one goes in the column of its dependency depth,
 * in the first free row of that column (not on top of any node already placed). Nodes are taken in the given
 * order (the campaign's stage order), so the same campaign always lays out the same way.
 */
export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Map<number, Point & { auto: boolean }> {
  const depth = dependencyDepths(nodes, edges);
  const out = new Map<number, Point & { auto: boolean }>();
  const placed: Point[] = [];
  for (const n of nodes) {
    if (n.graphX !== null && n.graphY !== null) {
      out.set(n.id, { x: n.graphX, y: n.graphY, auto: false });
      placed.push({ x: n.graphX, y: n.graphY });
    }
  }
  for (const n of nodes) {
    if (out.has(n.id)) continue;
    const x = MARGIN + (depth.get(n.id) ?? 0) * (NODE_W + LAYER_GAP);
    let y = MARGIN;
    while (placed.some((p) => overlaps(p, { x, y })) && y < GRAPH_MAX - NODE_H) y += NODE_H + ROW_GAP;
    const p = clampPosition({ x, y });
    out.set(n.id, { ...p, auto: true });
    placed.push(p);
  }
  return out;
}

/** The drawing's size: everything placed, plus a margin (and room for self-loops above the top row). */
export function graphExtent(points: Iterable<Point>): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const p of points) {
    width = Math.max(width, p.x + NODE_W + MARGIN);
    height = Math.max(height, p.y + NODE_H + MARGIN);
  }
  return { width: Math.max(width, 320), height: Math.max(height, 160) };
}

/**
 * The SVG path of an edge between two placed nodes (top-left corners). A self-edge is a loop over the node's top;
 * an edge going back (to a node on the left) curves below both, so it does not hide under the nodes.
 */
export function edgePath(from: Point, to: Point, self: boolean): string {
  if (self) {
    const x1 = from.x + NODE_W * 0.62;
    const x2 = from.x + NODE_W * 0.38;
    const y = from.y;
    return `M ${x1} ${y} C ${x1 + 28} ${y - 54}, ${x2 - 28} ${y - 54}, ${x2} ${y - 2}`;
  }
  const sx = from.x + NODE_W;
  const sy = from.y + NODE_H / 2;
  const tx = to.x;
  const ty = to.y + NODE_H / 2;
  if (tx >= sx) {
    const dx = Math.max(40, (tx - sx) / 2);
    return `M ${sx} ${sy} C ${sx + dx} ${sy}, ${tx - dx} ${ty}, ${tx} ${ty}`;
  }
  // Backwards: leave from the bottom of the producer and come in at the bottom of the consumer.
  const bx = from.x + NODE_W / 2;
  const by = from.y + NODE_H;
  const ex = to.x + NODE_W / 2;
  const ey = to.y + NODE_H;
  const low = Math.max(by, ey) + 48;
  return `M ${bx} ${by} C ${bx} ${low}, ${ex} ${low}, ${ex} ${ey + 2}`;
}
