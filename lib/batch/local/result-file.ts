/**
 * The result file the local batch wrapper (wrapper.sh) writes for each job, read back into what the port reports.
 * Pure. Format, one item a line:
 *   exit=<code>            (empty when the job was lost: its wrapper vanished without a result)
 *   started=<epoch s> / ended=<epoch s>
 *   usage=<elapsed> <user CPU s> <system CPU s> <peak memory KB>   (GNU time, when installed)
 *   times=<m>m<s>s <m>m<s>s                                        (bash `times` for the children: user, system)
 *   lost=1
 *   consumed <input name> / failed <input name>                    (the job's own per-file list)
 */
export type JobResult = {
  exitCode: number | null;
  lost: boolean;
  startedAt: Date | null;
  endedAt: Date | null;
  cpuSeconds: number | null;
  memoryMb: number | null;
  files: { name: string; consumed: boolean }[];
};

const epoch = (s: string | undefined): Date | null => {
  const n = Number(s);
  return s && Number.isFinite(n) && n > 0 ? new Date(Math.round(n * 1000)) : null;
};

const minutesSeconds = (s: string): number | null => {
  const m = /^(\d+)m([\d.]+)s$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/** The job's own per-file list alone ("consumed <name>" / "failed <name>" lines; anything else ignored). */
export function parseFileReport(text: string): JobResult["files"] {
  const files: JobResult["files"] = [];
  for (const line of text.split("\n")) {
    const file = /^(consumed|failed) (.+)$/.exec(line);
    if (file) files.push({ name: file[2], consumed: file[1] === "consumed" });
  }
  return files;
}

export function parseJobResult(text: string): JobResult {
  const fields = new Map<string, string>();
  const files: JobResult["files"] = [];
  for (const line of text.split("\n")) {
    const file = /^(consumed|failed) (.+)$/.exec(line);
    if (file) files.push({ name: file[2], consumed: file[1] === "consumed" });
    else {
      const eq = line.indexOf("=");
      if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1).trim());
    }
  }
  const exit = fields.get("exit");
  let cpuSeconds: number | null = null;
  let memoryMb: number | null = null;
  const usage = fields.get("usage")?.split(/\s+/).map(Number);
  if (usage && usage.length >= 4 && usage.every(Number.isFinite)) {
    cpuSeconds = Math.round((usage[1] + usage[2]) * 100) / 100;
    memoryMb = Math.max(1, Math.ceil(usage[3] / 1024));
  } else {
    const t = fields.get("times")?.split(/\s+/).map(minutesSeconds);
    if (t && t.length === 2 && t[0] !== null && t[1] !== null) cpuSeconds = Math.round((t[0] + t[1]) * 100) / 100;
  }
  return {
    exitCode: exit && /^\d+$/.test(exit) ? Number(exit) : null,
    lost: fields.get("lost") === "1",
    startedAt: epoch(fields.get("started")),
    endedAt: epoch(fields.get("ended")),
    cpuSeconds,
    memoryMb,
    files,
  };
}
