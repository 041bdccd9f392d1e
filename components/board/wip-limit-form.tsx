"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";

/** OPOS sets a column's (or one operator's) soft and hard WIP limits. */
export function WipLimitForm({ operators }: { operators: { username: string; name: string }[] }) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const r = await fetch("/api/v1/wip-limits", {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ status: f.get("status"), assignee: f.get("assignee") || null, softLimit: f.get("softLimit"), hardLimit: f.get("hardLimit") }),
        });
        const json = await r.json().catch(() => ({}));
        setMessage(r.ok ? "Limit saved." : (json?.error?.message ?? "Refused."));
        if (r.ok) router.refresh();
      }}
    >
      <div>
        <label className="label" htmlFor="wip-status">Column</label>
        <select id="wip-status" name="status" className="field">
          <option value="APPROVED">Approved — unassigned</option>
          <option value="ASSIGNED">Assigned</option>
          <option value="IN_PROGRESS">In progress</option>
          <option value="ON_HOLD">On hold</option>
        </select>
      </div>
      <div>
        <label className="label" htmlFor="wip-assignee">Operator</label>
        <select id="wip-assignee" name="assignee" className="field">
          <option value="">Whole column</option>
          {operators.map((o) => <option key={o.username} value={o.username}>{o.name}</option>)}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="wip-soft">Soft limit</label>
        <input id="wip-soft" name="softLimit" inputMode="numeric" className="field w-20" />
      </div>
      <div>
        <label className="label" htmlFor="wip-hard">Hard limit</label>
        <input id="wip-hard" name="hardLimit" inputMode="numeric" className="field w-20" />
      </div>
      <button className="btn">Save limit</button>
      <p role="status" className="text-sm">{message}</p>
    </form>
  );
}
