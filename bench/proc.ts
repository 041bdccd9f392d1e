/**
 * CPU time used by a process tree, from /proc (Linux): user + system time of the process, its
 * live descendants, and the children it has already reaped. On a shared, noisy machine, CPU time
 * per request is steadier than requests per second, because it does not count time spent
 * waiting for a core that someone else's build holds.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond = 0;
function hz(): number {
  if (!ticksPerSecond) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

type Stat = { pid: number; ppid: number; self: number; reaped: number };

function readStat(pid: number): Stat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" "); // fields from the 3rd (state) on
    // f[1] = ppid (4th), f[11..14] = utime, stime, cutime, cstime (14th..17th)
    return { pid, ppid: Number(f[1]), self: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/** CPU milliseconds used so far by `root` and everything under it; NaN when /proc is unavailable. */
export function treeCpuMs(root: number): number {
  let all: Stat[];
  try {
    all = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map((d) => readStat(Number(d)))
      .filter((s): s is Stat => s !== null);
  } catch {
    return NaN;
  }
  const kids = new Map<number, Stat[]>();
  for (const s of all) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), s]);
  const top = all.find((s) => s.pid === root);
  if (!top) return NaN;
  let ticks = top.reaped;
  const stack = [top];
  while (stack.length) {
    const s = stack.pop()!;
    ticks += s.self;
    stack.push(...(kids.get(s.pid) ?? []));
  }
  return (ticks / hz()) * 1000;
}

/** The postmaster's PID of a PostgreSQL data folder. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
}
