// POMS local batch runner: starts the jobs of the local backend's batches, at most <slots> at a time on this
// machine. Started detached (its own session) by lib/batch/backends/local.ts under `flock -w 5 <root>/runner.lock`,
// so there is one runner per spool and the server dying does not stop it. Each job runs in its own detached
// wrapper (wrapper.sh) that records the job's result itself: if this runner dies, running jobs still finish and
// are recorded; jobs not yet started wait until the next status read restarts the runner.
// Usage: node runner.mjs <spool root> <slots>. Exits after about 2 s with nothing to start or watch.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, openSync, closeSync, renameSync } from "node:fs";
import path from "node:path";

const root = process.argv[2];
const slots = Math.max(1, Number(process.argv[3]) || 2);
writeFileSync(path.join(root, "runner.pid"), String(process.pid));

const final = new Set(); // "<batch>/<i>" known to be over: never read again
const started = new Map(); // "<batch>/<i>" → wrapper pid (this runner's own starts)

function alive(pid) {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("wrapper.sh");
  } catch {
    return false;
  }
}

function startJob(dir, i) {
  const jobDir = path.join(dir, "jobs", String(i));
  const log = openSync(path.join(jobDir, "wrapper.log"), "a");
  const child = spawn("bash", [path.join(dir, "wrapper.sh"), dir, String(i)], { detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  child.unref();
  // Written at once (before the wrapper runs) so the next scan never starts the job twice.
  writeFileSync(path.join(jobDir, "started.tmp"), `${child.pid} ${Date.now() / 1000}\n`);
  renameSync(path.join(jobDir, "started.tmp"), path.join(jobDir, "started"));
  return child.pid;
}

function scan() {
  let running = 0;
  const pending = [];
  const batches = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !existsSync(path.join(root, e.name, "DONE")) && existsSync(path.join(root, e.name, "batch.json")))
    .map((e) => e.name)
    .sort();
  for (const name of batches) {
    const dir = path.join(root, name);
    let jobs;
    try {
      jobs = JSON.parse(readFileSync(path.join(dir, "batch.json"), "utf8")).jobs;
    } catch {
      continue; // still being written by submit
    }
    const removed = existsSync(path.join(dir, "REMOVED"));
    const held = existsSync(path.join(dir, "HELD"));
    let over = 0;
    for (let i = 0; i < jobs; i++) {
      const key = `${name}/${i}`;
      if (final.has(key)) {
        over++;
        continue;
      }
      const jobDir = path.join(dir, "jobs", String(i));
      if (existsSync(path.join(jobDir, "result"))) {
        final.add(key);
        over++;
        continue;
      }
      const startedFile = path.join(jobDir, "started");
      if (existsSync(startedFile)) {
        const pid = Number(readFileSync(startedFile, "utf8").split(" ")[0]);
        if (alive(pid)) running++;
        else if (!existsSync(path.join(jobDir, "result"))) {
          // The wrapper is gone without a result (machine restart, killed by hand): the job is lost.
          writeFileSync(path.join(jobDir, "result"), `exit=\nlost=1\nended=${Date.now() / 1000}\n`);
          final.add(key);
          over++;
        }
        continue;
      }
      if (removed) {
        final.add(key);
        over++;
      } else if (!held) pending.push([dir, i, key]);
    }
    if (over === jobs) writeFileSync(path.join(dir, "DONE"), "");
  }
  for (const [dir, i, key] of pending) {
    if (running >= slots) break;
    if (existsSync(path.join(dir, "HELD")) || existsSync(path.join(dir, "REMOVED"))) continue;
    started.set(key, startJob(dir, i));
    running++;
  }
  return running + pending.length;
}

// Stops after about 2 s with nothing to do, when its spool is gone, or after 10 s of failing scans.
let idle = 0;
let failing = 0;
while (existsSync(path.join(root, "runner.pid"))) {
  let busy = 0;
  try {
    busy = scan();
    failing = 0;
  } catch (err) {
    console.error(new Date().toISOString(), "scan failed:", err);
    if (++failing >= 40) break;
  }
  idle = busy || failing ? 0 : idle + 1;
  if (idle >= 8) break;
  await new Promise((r) => setTimeout(r, 250));
}
