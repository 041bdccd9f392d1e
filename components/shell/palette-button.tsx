"use client";

import { OPEN_PALETTE } from "./command-palette";

/** The header's way into the command palette, for those who do not know Ctrl/Cmd-K. */
export function PaletteButton() {
  return (
    <button type="button" className="btn px-2 sm:px-3" onClick={() => window.dispatchEvent(new Event(OPEN_PALETTE))} aria-keyshortcuts="Control+K Meta+K" data-testid="palette-button">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <circle cx="11" cy="11" r="7" />
        <path d="m20 20-3.5-3.5" />
      </svg>
      <span className="sr-only lg:not-sr-only">Search</span>
      <kbd className="muted hidden font-mono text-xs lg:inline">Ctrl K</kbd>
    </button>
  );
}
