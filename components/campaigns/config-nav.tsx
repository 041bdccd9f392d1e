import Link from "next/link";

const LINKS = [
  { key: "campaigns", href: "/campaigns", label: "Campaigns" },
  { key: "job-types", href: "/job-types", label: "Job types" },
  { key: "login-setups", href: "/login-setups", label: "Login/setups" },
] as const;

/** The configuration pages, linked from each other's headers (not the main navigation). */
export function ConfigNav({ current }: { current: (typeof LINKS)[number]["key"] }) {
  return (
    <nav aria-label="Configuration" className="flex flex-wrap gap-3 text-sm">
      {LINKS.filter((l) => l.key !== current).map((l) => (
        <Link key={l.key} href={l.href} className="underline">
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
