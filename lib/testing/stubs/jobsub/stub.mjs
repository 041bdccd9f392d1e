// Test stubs of jobsub_lite's commands and condor_q (lib/batch/backends/jobsub.test.ts). They print what the real
// tools print (jobsub_lite lib/condor.py's "Use job id …", condor_q -json ads, condor_rm/hold/release messages)
// from a scenario file named by POMS_JOBSUB_SCENARIO, keep its job ads up to date (hold/release/rm change them),
// log every call to <scenario>.calls (one JSON line: tool, args, the submitted script), and fail on demand:
// scenario.fault[<tool>] = "exit" | "auth" | "garbage" | "truncated" | "hang".
import fs from "node:fs";

const [tool, ...args] = process.argv.slice(2);
const file = process.env.POMS_JOBSUB_SCENARIO;
if (!file) {
  process.stderr.write(`${tool}: POMS_JOBSUB_SCENARIO is not set (test stub)\n`);
  process.exit(2);
}
const scenario = JSON.parse(fs.readFileSync(file, "utf8"));
const schedd = scenario.schedd || "jobsub01.fnal.gov";
const arg = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const call = { tool, args };
const last = args[args.length - 1] || "";
if (tool === "jobsub_submit" && last.startsWith("file://")) {
  try {
    call.script = fs.readFileSync(last.slice(7), "utf8");
  } catch {
    call.script = null;
  }
}
fs.appendFileSync(`${file}.calls`, JSON.stringify(call) + "\n");
const save = () => fs.writeFileSync(file, JSON.stringify(scenario, null, 2));
const hl = `\n${"=-".repeat(30)}\n\n`;

const fault = (scenario.fault || {})[tool];
if (fault === "hang") setInterval(() => {}, 1 << 30);
else if (fault === "exit") {
  process.stderr.write(`-- Failed to fetch ads from: <131.225.240.146:9618?addrs=131.225.240.146-9618&noUDP&sock=schedd_1234_abcd> : ${schedd}\nCEDAR:6001:Failed to connect to <131.225.240.146:9618>\n`);
  process.exit(1);
} else if (fault === "auth") {
  process.stderr.write("Error: Could not get a valid bearer token: token is expired; run htgettoken or kinit\n");
  process.exit(1);
} else if (fault === "garbage") {
  process.stdout.write(`-- Schedd: ${schedd} : <131.225.240.146:9618?...\n{{ <html>not what you expected\n`);
  process.exit(0);
} else main();

function matching(constraint) {
  const one = /POMS4_SUBMISSION_ID==(\d+)/.exec(constraint || "");
  const many = /member\(POMS4_SUBMISSION_ID, \{([\d,\s]*)\}\)/.exec(constraint || "");
  const ids = one ? [one[1]] : many ? many[1].split(",").map((s) => s.trim()).filter(Boolean) : null;
  return (scenario.ads || []).filter((a) => ids === null || ids.includes(String(a.POMS4_SUBMISSION_ID)));
}

function main() {
  if (tool === "jobsub_submit") {
    const n = Number(arg("-N") || 1);
    if (!arg("-G") || !last.startsWith("file://") || !Number.isInteger(n) || n < 1) {
      process.stderr.write("usage: jobsub_submit [-h] ... -G GROUP ... file://executable\njobsub_submit: error: the following arguments are required: -G/--group, executable\n");
      process.exit(2);
    }
    const cluster = scenario.nextCluster || 12345678;
    scenario.nextCluster = cluster + 1;
    save();
    const group = arg("-G");
    const role = arg("--role") || "Analysis";
    process.stdout.write(
      `Attempting to get token from https://htvaultprod.fnal.gov:8200 ... succeeded\nStoring bearer token in /tmp/bt_token_${group}_${role}_4242\nUsing bearer token located at /tmp/bt_token_${group}_${role}_4242 to authenticate to jobsub\nSubmitting job(s)${".".repeat(n)}\n${n} job(s) submitted to cluster ${cluster}.\n${hl}Use job id ${cluster}.0@${schedd} to retrieve output${hl}`,
    );
    return;
  }
  if (tool === "condor_q" || tool === "jobsub_q") {
    const wanted = (arg("-attributes") || "").split(",").filter(Boolean);
    const ads = matching(arg("-constraint")).map((a) => (wanted.length ? Object.fromEntries(Object.entries(a).filter(([k]) => wanted.includes(k))) : a));
    if (!ads.length) return; // condor_q -json prints nothing when no job matches
    const text = "[\n" + ads.map((a) => JSON.stringify(a, null, 2).replace(/^ {2}/gm, "  ")).join("\n,\n") + "\n]\n";
    process.stdout.write(fault === "truncated" ? text.slice(0, Math.floor(text.length / 2)) : text);
    return;
  }
  const constraint = arg("--constraint");
  if (!arg("-G") || !constraint) {
    process.stderr.write(`${tool}: error: one of -J/--jobid or --constraint is required, and -G/--group\n`);
    process.exit(2);
  }
  const hit = matching(constraint);
  const now = Math.floor(Date.now() / 1000);
  for (const a of hit) {
    if (tool === "jobsub_rm" && a.JobStatus !== 4) Object.assign(a, { JobStatus: 3, EnteredCurrentStatus: now });
    if (tool === "jobsub_hold" && (a.JobStatus === 1 || a.JobStatus === 2))
      Object.assign(a, { JobStatus: 5, HoldReason: `via condor_hold (by user ${arg("-G")}pro)`, HoldReasonCode: 1, HoldReasonSubCode: 0, EnteredCurrentStatus: now });
    if (tool === "jobsub_release" && a.JobStatus === 5) {
      Object.assign(a, { JobStatus: 1, EnteredCurrentStatus: now });
      delete a.HoldReason;
      delete a.HoldReasonCode;
      delete a.HoldReasonSubCode;
    }
  }
  save();
  const verb = tool === "jobsub_rm" ? "marked for removal" : tool === "jobsub_hold" ? "held" : "released";
  process.stdout.write(hit.length ? `All jobs matching constraint (${constraint}) have been ${verb}\n` : `Couldn't find/${verb === "held" ? "hold" : verb === "released" ? "release" : "remove"} all jobs matching constraint (${constraint})\n`);
}
