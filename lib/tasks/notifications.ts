import "server-only";
import { db } from "@/lib/db";

export async function notificationsFor(personId: number, take = 30) {
  const [items, unread] = await Promise.all([
    db.notification.findMany({ where: { personId }, orderBy: { createdAt: "desc" }, take, select: { id: true, message: true, taskId: true, readAt: true, createdAt: true } }),
    db.notification.count({ where: { personId, readAt: null } }),
  ]);
  return { items, unread };
}

/** Marks the person's own notifications read: the given ids, or all. */
export async function markRead(personId: number, ids?: number[]) {
  const r = await db.notification.updateMany({ where: { personId, readAt: null, ...(ids ? { id: { in: ids } } : {}) }, data: { readAt: new Date() } });
  return r.count;
}
