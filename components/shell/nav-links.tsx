"use client";

import { useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string };

/** The main navigation: a row on wide screens, a Menu button with a drop-down list on phones. */
export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState<string | null>(null); // the path the menu was opened on: it closes on navigation
  const shown = open === pathname;
  return (
    <>
      <button type="button" className="btn px-2 md:hidden" aria-expanded={shown} aria-controls="main-nav-list" onClick={() => setOpen(shown ? null : pathname)} data-testid="menu-button">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M4 6h16M4 12h16M4 18h16" />
        </svg>
        Menu
      </button>
      <ul
        id="main-nav-list"
        className={`${shown ? "absolute inset-x-0 top-full z-30 flex flex-col border-b border-slate-200 bg-white p-2 shadow-lg dark:border-slate-800 dark:bg-slate-900" : "hidden"} gap-1 md:static md:flex md:flex-row md:border-0 md:bg-transparent md:p-0 md:shadow-none`}
      >
        {items.map((item) => {
          const current = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                onClick={() => setOpen(null)}
                className={`block rounded-md px-3 py-1.5 text-sm font-medium no-underline hover:no-underline ${
                  current ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}
