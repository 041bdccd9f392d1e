"use client";

import { useSyncExternalStore } from "react";

const root = () => document.documentElement;
/** The theme is the `dark` class on <html> (set before paint by the root layout): watch it. */
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(root(), { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

/** Switches light/dark and remembers the choice in a cookie the server reads for the first paint. */
export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, () => root().classList.contains("dark"), () => false);
  function toggle() {
    const next = !dark;
    root().classList.toggle("dark", next);
    root().dataset.theme = next ? "dark" : "light";
    document.cookie = `theme=${next ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
  }
  return (
    <button type="button" className="btn px-2 sm:px-3" onClick={toggle} aria-pressed={dark} title="Switch between light and dark theme">
      <span aria-hidden="true">{dark ? "☾" : "☀"}</span>
      <span className="sr-only sm:not-sr-only">{dark ? "Dark" : "Light"}</span>
    </button>
  );
}
