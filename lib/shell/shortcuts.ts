/**
 * Keyboard shortcuts: one list that both the key handler and the help overlay (`?`) read, so the
 * overlay never promises a key that does nothing. Pure.
 */
export type Shortcut = { keys: string[]; what: string; scope: "Everywhere" | "Tasks list and board" | "Board" | "Card panel"; go?: string };

export const SHORTCUTS: Shortcut[] = [
  { keys: ["Ctrl K", "⌘ K"], what: "Open the command palette: find a task by key or words, jump to a page", scope: "Everywhere" },
  { keys: ["?"], what: "Show this list of shortcuts", scope: "Everywhere" },
  { keys: ["g d"], what: "Go to the dashboard", scope: "Everywhere", go: "/" },
  { keys: ["g t"], what: "Go to the Tasks list", scope: "Everywhere", go: "/tasks" },
  { keys: ["g b"], what: "Go to the board", scope: "Everywhere", go: "/board" },
  { keys: ["g n"], what: "Go to notifications", scope: "Everywhere", go: "/notifications" },
  { keys: ["c"], what: "Request a task", scope: "Everywhere", go: "/tasks/new" },
  { keys: ["/"], what: "Search (the list's or the board's search box)", scope: "Everywhere" },
  { keys: ["j", "k"], what: "Next / previous task (on the board: card, column by column)", scope: "Tasks list and board" },
  { keys: ["x"], what: "Select or unselect the task", scope: "Tasks list and board" },
  { keys: ["Enter", "o"], what: "Open the task (on the board: its card panel)", scope: "Tasks list and board" },
  { keys: ["Tab"], what: "Reach a card; Enter opens its panel", scope: "Board" },
  { keys: ["Space"], what: "Pick up the card, arrows move it, Space drops it, Esc cancels", scope: "Board" },
  { keys: ["Esc"], what: "Close the panel or dialog", scope: "Card panel" },
];

/** Where `g` followed by a key goes. */
export const GO_TO: Record<string, string> = Object.fromEntries(SHORTCUTS.filter((s) => s.go && s.keys[0].startsWith("g ")).map((s) => [s.keys[0].slice(2), s.go!]));

/** Single-key shortcuts must not fire while the person types in a field or uses a modifier. */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? "").toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes((target.type ?? "text").toLowerCase());
}

/** The palette's pages: every typed word must start a word of the label or the hint ("boa" finds Board, not Dashboard). */
export type PaletteItem = { label: string; href: string; hint?: string };

export function matchItems(items: PaletteItem[], text: string): PaletteItem[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return items;
  return items.filter((i) => {
    const hay = `${i.label} ${i.hint ?? ""}`.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    return words.every((w) => hay.some((h) => h.startsWith(w)));
  });
}
