/**
 * The board's one contract between server and browser: the card as the board shows it (only what a
 * card displays), the snapshot the page and GET /api/v1/board send, and the change a move or bulk
 * action answers with, which the browser applies to its copy instead of refetching the board.
 */
import type { TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";

export type CampaignProgress = { name: string; total: number; done: number; failed: number };

/**
 * A card as sent: only what a card shows, and absent rather than empty (a board holds thousands).
 * Its experiment is in its key (experimentOfKey); the display name in the snapshot's `experiments`.
 */
export type BoardCard = {
  id: number;
  /** The task key people say: NOVA-57. */
  key: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  /** YYYY-MM-DD; absent when none. */
  neededBy?: string;
  version: number;
  boardRank: number;
  /** When it entered its column (epoch milliseconds). */
  since: number;
  /** Absent or null when nobody is assigned. */
  assigneeId?: number | null;
  /** Absent when no campaign is linked. */
  campaigns?: CampaignProgress[];
};

export type BoardPerson = { id: number; username: string; name: string };
export type BoardLimit = { status: TaskStatus; personId: number | null; softLimit: number | null; hardLimit: number | null };

export type BoardSnapshot = {
  cards: BoardCard[];
  experiments: Record<string, string>;
  /** Everyone a card names (assignees), operators included. */
  people: Record<string, BoardPerson>;
  /** Active OPOS operators, who may be assigned work. */
  operatorIds: number[];
  limits: BoardLimit[];
  /** Cards in the Done column in its window, of which `cards` holds the most recent `doneShown`. */
  doneTotal: number;
  doneShown: number;
  doneLastWeek: number;
  generatedAt: string;
};

/** What changed on a card: the browser merges it into the card it has. `neededBy: null` clears the date. */
export type CardPatch = Pick<BoardCard, "id" | "status" | "version" | "boardRank" | "since"> & { assigneeId: number | null; priority?: TaskPriority; neededBy?: string | null };

export function boardCard(task: { id: number; status: TaskStatus; version: number; boardRank: number; statusChangedAt: Date | string; assigneeId: number | null; priority?: TaskPriority; neededBy?: Date | null }): CardPatch {
  return {
    id: task.id,
    status: task.status,
    version: task.version,
    boardRank: task.boardRank,
    since: new Date(task.statusChangedAt).getTime(),
    assigneeId: task.assigneeId,
    ...(task.priority ? { priority: task.priority } : {}),
    ...(task.neededBy !== undefined ? { neededBy: task.neededBy ? new Date(task.neededBy).toISOString().slice(0, 10) : null } : {}),
  };
}

export function applyPatch(card: BoardCard, patch: CardPatch): BoardCard {
  const { neededBy, ...rest } = patch;
  const next: BoardCard = { ...card, ...rest };
  if (neededBy === null) delete next.neededBy;
  else if (neededBy !== undefined) next.neededBy = neededBy;
  return next;
}

/** Answer of POST /api/v1/board/bulk. */
export type BulkResult = { taskId: number } & ({ ok: true; card: CardPatch; warnings: string[] } | { ok: false; code: string; message: string });
