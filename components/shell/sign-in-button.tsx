"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";

export function SignInButton({ provider, username, callbackUrl, label, detail, primary }: { provider: "oidc" | "dev"; username?: string; callbackUrl: string; label: string; detail?: string; primary?: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={`btn w-full flex-col items-start text-left ${primary ? "btn-primary" : ""}`}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn(provider, { callbackUrl, ...(username ? { username } : {}) });
      }}
      data-username={username}
    >
      <span className="font-semibold">{label}</span>
      {detail && <span className="text-xs font-normal text-slate-600 dark:text-slate-300">{detail}</span>}
    </button>
  );
}
