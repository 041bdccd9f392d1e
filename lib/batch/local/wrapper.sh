#!/bin/bash
# POMS local batch: the wrapper of one job (started, detached, by runner.mjs). Usage: wrapper.sh <batch dir> <index>
# It runs the batch's job script in its own session (so a kill hits the job's process group, not this wrapper), then
# writes jobs/<index>/result atomically: exit code, start and end (epoch seconds), the resource use GNU time measured
# (elapsed, user and system CPU seconds, peak memory in KB) or, without GNU time, bash's `times` for the children,
# and the per-file list the job wrote to $POMS_FILE_REPORT ("consumed <name>" / "failed <name>" lines).
# Nothing here depends on the POMS server: the result survives the server being killed.
B=$1; I=$2; J=$B/jobs/$I
cd "$J" || exit 1
set -a; . "$B/env"; set +a
export POMS_JOB_INDEX=$I POMS_INPUT_LIST=$J/inputs POMS_OUTPUT_DIR=$B/output POMS_FILE_REPORT=$J/files
started=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -o "$J/usage" -f '%e %U %S %M' setsid -w bash -c 'echo $$ > pgid; exec bash "$0"' "$B/job.sh" >"$J/output.log" 2>&1 </dev/null &
else
  setsid -w bash -c 'echo $$ > pgid; exec bash "$0"' "$B/job.sh" >"$J/output.log" 2>&1 </dev/null &
fi
wait $!; code=$?
ended=$(date +%s.%N)
{
  echo "exit=$code"
  echo "started=$started"
  echo "ended=$ended"
  [ -s "$J/usage" ] && echo "usage=$(tail -n 1 "$J/usage")"
  echo "times=$(times | tail -n 1)"
  [ -f "$J/files" ] && grep -E '^(consumed|failed) ' "$J/files"
} > "$J/result.tmp"
mv -f "$J/result.tmp" "$J/result"
