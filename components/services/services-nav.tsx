import Link from "next/link";

const TABS = [
  { href: "/services", label: "Service tree" },
  { href: "/status", label: "Status page" },
  { href: "/services/calendar", label: "Maintenance calendar" },
  { href: "/services/incidents", label: "Incidents" },
] as const;

/** The service pages' own tabs (the main navigation's "Services" covers them all). */
export function ServicesNav({ current }: { current: (typeof TABS)[number]["href"] }) {
  return (
    <nav aria-label="Service pages">
      <ul className="flex flex-wrap gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
        {TABS.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={t.href === current ? "page" : undefined}
              className={`block rounded-t-md px-3 py-1.5 no-underline hover:no-underline ${t.href === current ? "border-b-2 border-blue-700 font-semibold text-slate-900 dark:border-blue-400 dark:text-white" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
