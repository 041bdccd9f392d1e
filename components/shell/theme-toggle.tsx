"use client";

import { useEffect, useState } from "react";

/** Switches light/dark and remembers the choice in a cookie the server reads for the first paint. */
export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  function toggle() {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    document.documentElement.dataset.theme = next ? "dark" : "light";
    document.cookie = `theme=${next ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
    setDark(next);
  }
  return (
    <button type="button" className="btn" onClick={toggle} aria-pressed={dark} title="Switch between light and dark theme">
      <span aria-hidden="true">{dark ? "☾" : "☀"}</span>
      <span className="sr-only sm:not-sr-only">{dark ? "Dark" : "Light"}</span>
    </button>
  );
}
