import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { describeRoles } from "@/lib/people/labels";
import { NavLinks } from "@/components/shell/nav-links";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { CommandPalette } from "@/components/shell/command-palette";
import { PaletteButton } from "@/components/shell/palette-button";
import { KeyboardShortcuts } from "@/components/shell/keyboard-shortcuts";
import type { PaletteItem } from "@/lib/shell/shortcuts";
import { decide } from "@/lib/people/policy";

export const dynamic = "force-dynamic";

const NAV = [
  { href: "/", label: "Dashboard" },
  { href: "/tasks", label: "Tasks" },
  { href: "/board", label: "Board" },
  { href: "/campaigns", label: "Campaigns" },
  { href: "/services", label: "Services" },
  { href: "/people", label: "People" },
];

const PAGES: PaletteItem[] = [
  ...NAV.map((n) => ({ label: n.label, href: n.href })),
  { label: "Notifications", href: "/notifications" },
  { label: "Held launches", href: "/held-launches", hint: "launches waiting for a hold to lift" },
  { label: "Service status", href: "/status", hint: "90-day availability, incidents, maintenance" },
  { label: "Maintenance calendar", href: "/services/calendar", hint: "scheduled downtimes" },
  { label: "Incidents", href: "/services/incidents", hint: "service incidents and their updates" },
  { label: "Tasks: mine", href: "/tasks?mine=1", hint: "requested by me or assigned to me" },
  { label: "Tasks: open", href: "/tasks?state=open" },
  { label: "Tasks: overdue", href: "/tasks?overdue=1" },
  { label: "Tasks: unassigned approved work", href: "/tasks?state=APPROVED&assignee=none" },
  { label: "Tasks: finished", href: "/tasks?state=closed" },
];

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const person = await requirePerson();
  const unread = person.unreadNotifications;
  const canRequest = person.experiments.some((e) => e.role !== null);
  // Operations (the global launch hold, the refresh's runs) is for those the policy lets see it.
  const operations = decide(person, "operations.view").allowed;
  const nav = operations ? [...NAV, { href: "/operations", label: "Operations" }] : NAV;
  const basePages = operations ? [...PAGES, { label: "Operations", href: "/operations", hint: "launch hold, refresh runs" }] : PAGES;
  const pages = canRequest ? [...basePages, { label: "Request a task", href: "/tasks/new", hint: "new request" }] : basePages;
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="relative mx-auto flex max-w-7xl items-center gap-1.5 px-3 py-2 sm:gap-2 sm:px-4 md:gap-3">
          <Link href="/" className="text-lg font-bold text-slate-900 no-underline dark:text-white">
            POMS
          </Link>
          <nav aria-label="Main" className="flex-1">
            <NavLinks items={nav} />
          </nav>
          <PaletteButton />
          <div className="text-right text-sm leading-tight" data-testid="signed-in-person" title={`${person.name} · ${describeRoles(person)}`}>
            {/* On phones, initials; the name and roles from 640 px up. */}
            <span aria-hidden="true" className="inline-flex h-8 w-8 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold sm:hidden dark:bg-slate-700">
              {person.name.split(/\s+/).map((w) => w[0]).slice(0, 2).join("")}
            </span>
            <span className="sr-only sm:hidden">Signed in as {person.name}</span>
            <div className="hidden sm:block">
              <div className="font-semibold">{person.name}</div>
              <div className="muted text-xs">{describeRoles(person)}</div>
            </div>
          </div>
          <Link href="/notifications" className="btn px-2 no-underline hover:no-underline sm:px-3" data-testid="notifications-link" aria-label={`Notifications: ${unread} unread`}>
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
            {unread > 0 && <span className="rounded-full bg-red-700 px-1.5 text-xs font-bold text-white" data-testid="unread-count">{unread}</span>}
          </Link>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
      <CommandPalette pages={pages} />
      <KeyboardShortcuts canRequest={canRequest} />
    </>
  );
}
