/**
 * Background step: notifications are kept while they are useful. Read ones go after 30 days,
 * unread ones after 180; deleted in bounded batches so one run never holds long locks.
 */
import "server-only";
import { db } from "@/lib/db";
import type { Step } from "../runner";

const DAY = 86_400_000;
export const READ_KEEP_DAYS = 30;
export const UNREAD_KEEP_DAYS = 180;
const BATCH = 5000;

export const expireNotifications: Step = {
  name: "expire-notifications",
  timeoutMs: 30_000,
  async run({ now, signal }) {
    const readBefore = new Date(now.getTime() - READ_KEEP_DAYS * DAY);
    const unreadBefore = new Date(now.getTime() - UNREAD_KEEP_DAYS * DAY);
    let deleted = 0;
    for (;;) {
      if (signal.aborted) break;
      const n = await db.$executeRaw`
        DELETE FROM "Notification" WHERE id IN (
          SELECT id FROM "Notification"
          WHERE ("readAt" IS NOT NULL AND "createdAt" < ${readBefore}) OR ("readAt" IS NULL AND "createdAt" < ${unreadBefore})
          LIMIT ${BATCH})`;
      deleted += n;
      if (n < BATCH) break;
    }
    return { deleted, readBefore: readBefore.toISOString(), unreadBefore: unreadBefore.toISOString() };
  },
};
