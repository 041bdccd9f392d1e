/** "3 h ago" on the server, with the exact time in the title and a machine-readable datetime. */
export function RelativeTime({ date, now = new Date() }: { date: Date; now?: Date }) {
  return (
    <time dateTime={date.toISOString()} title={date.toISOString().replace("T", " ").slice(0, 16) + " UTC"}>
      {formatAge(now.getTime() - date.getTime())}
    </time>
  );
}

export function formatAge(ms: number): string {
  const future = ms < 0;
  const s = Math.abs(ms) / 1000;
  const text = s < 60 ? "just now" : s < 3600 ? `${Math.floor(s / 60)} min` : s < 86400 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86400)} d`;
  if (text === "just now") return text;
  return future ? `in ${text}` : `${text} ago`;
}
