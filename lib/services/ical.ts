/**
 * The iCalendar feed of scheduled downtimes (RFC 5545), pure: CRLF line ends, lines folded at 75 octets (never inside
 * a UTF-8 sequence), TEXT values escaped (backslash, semicolon, comma, newline), one VEVENT per downtime with a UID
 * that never changes, SEQUENCE from the downtime's version (calendar clients replace an event only when it grows),
 * STATUS:CANCELLED for withdrawn ones (so subscribed calendars drop them) and DTSTAMP.
 */

export type FeedDowntime = {
  id: number;
  serviceName: string;
  serviceDisplayName: string;
  title: string;
  reason: string;
  startsAt: Date;
  endsAt: Date;
  version: number;
  cancelledAt: Date | null;
  updatedAt: Date;
  createdAt: Date;
};

export type FeedOptions = {
  /** Host part of every UID (a stable name of this installation, e.g. the public host). */
  uidDomain: string;
  /** When the feed is produced (DTSTAMP of every event). */
  now: Date;
  /** Link to the calendar page, put in each event's URL. */
  pageUrl?: string;
  calendarName?: string;
};

const CRLF = "\r\n";

/** A TEXT value escaped per RFC 5545 3.3.11. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** UTC date-time form, 19970714T173000Z. */
export function icalDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Folds one content line at 75 octets: continuation lines start with one space (which counts toward their 75). */
export function foldLine(line: string): string {
  const enc = new TextEncoder();
  if (enc.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
      limit = 74; // the leading space of a continuation line is one of its 75 octets
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

export function downtimeUid(id: number, uidDomain: string): string {
  return `downtime-${id}@${uidDomain}`;
}

/** The whole feed: a VCALENDAR with one VEVENT per downtime, every line folded, CRLF throughout. */
export function buildDowntimeCalendar(downtimes: FeedDowntime[], o: FeedOptions): string {
  const lines: string[] = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//POMS//Scheduled downtimes//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  if (o.calendarName) lines.push(`X-WR-CALNAME:${escapeText(o.calendarName)}`);
  for (const d of downtimes) {
    const summary = `${d.serviceDisplayName}: ${d.title || "Scheduled maintenance"}`;
    const description = [d.reason, `Service: ${d.serviceDisplayName} (${d.serviceName})`].filter(Boolean).join("\n");
    lines.push(
      "BEGIN:VEVENT",
      `UID:${downtimeUid(d.id, o.uidDomain)}`,
      `DTSTAMP:${icalDate(o.now)}`,
      `DTSTART:${icalDate(d.startsAt)}`,
      `DTEND:${icalDate(d.endsAt)}`,
      `SEQUENCE:${Math.max(0, d.version - 1)}`,
      `CREATED:${icalDate(d.createdAt)}`,
      `LAST-MODIFIED:${icalDate(d.updatedAt)}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      `CATEGORIES:${escapeText("Maintenance")}`,
      `STATUS:${d.cancelledAt ? "CANCELLED" : "CONFIRMED"}`,
      "TRANSP:TRANSPARENT",
    );
    if (o.pageUrl) lines.push(`URL:${o.pageUrl}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** Unfolds and splits a feed into its content lines (for tests and the e2e check that a download parses). */
export function unfoldLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, "").split("\r\n").filter((l) => l.length > 0);
}

/** The events of a feed as property maps (values unescaped), a small reader for tests. */
export function readEvents(text: string): Record<string, string>[] {
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of unfoldLines(text)) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      if (current) events.push(current);
      current = null;
    } else if (current) {
      const at = line.indexOf(":");
      const name = line.slice(0, at).split(";")[0];
      current[name] = line.slice(at + 1).replace(/\\(n|N|,|;|\\)/g, (_m, c: string) => (c === "n" || c === "N" ? "\n" : c));
    }
  }
  return events;
}
