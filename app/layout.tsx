import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "POMS", template: "%s · POMS" },
  description: "Production Operations Management System",
};

/** Applies the system theme before paint when the person has not chosen one. */
const systemTheme = `(function(){try{var c=document.documentElement;if(!c.dataset.theme&&matchMedia('(prefers-color-scheme: dark)').matches)c.classList.add('dark')}catch(e){}})()`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get("theme")?.value;
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const chosen = theme === "dark" || theme === "light" ? theme : undefined;
  return (
    <html lang="en" className={chosen === "dark" ? "dark" : undefined} data-theme={chosen} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: systemTheme }} />
      </head>
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
