import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { notificationsFor } from "@/lib/tasks/notifications";
import { RelativeTime } from "@/components/ui/relative-time";
import { markAllReadAction } from "./actions";

export const metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const person = await requirePerson();
  const { items, unread } = await notificationsFor(person.id, 100);
  return (
    <div className="max-w-3xl space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">Notifications</h1>
        {unread > 0 && (
          <form action={markAllReadAction}>
            <button className="btn">Mark all read</button>
          </form>
        )}
      </div>
      {items.length === 0 ? (
        <p className="card muted">Nothing yet.</p>
      ) : (
        <ul className="card divide-y divide-slate-200 p-0 dark:divide-slate-800" data-testid="notifications">
          {items.map((n) => (
            <li key={n.id} className={`flex items-start gap-2 px-4 py-2 ${n.readAt ? "" : "bg-blue-50 dark:bg-blue-950/50"}`}>
              {!n.readAt && <span className="mt-1.5 inline-block h-2 w-2 rounded-full bg-blue-700" aria-label="unread" role="img" />}
              <div className="flex-1">
                {n.taskId ? <Link href={`/tasks/${n.taskId}`}>{n.message}</Link> : n.message}
                <div className="muted text-xs"><RelativeTime date={n.createdAt} /></div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
