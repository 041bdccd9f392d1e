#!/bin/bash
# POMS demo job: what the demo's job types run on the local batch backend. It "processes" the input files of its
# job so the demo shows real progress. Usage: demo-job.sh [--memory <N>MB] [anything else, ignored]
# Reads (from the local backend): POMS_INPUT_LIST (a file, one input name per line), POMS_OUTPUT_DIR, POMS_FILE_REPORT.
# The fixed rules (the seed relies on them; docs/batch-systems.md repeats them):
#   - each input takes 0.5–1 s; its output is $POMS_OUTPUT_DIR/<input base name without extension>_out.root;
#   - each input is reported in $POMS_FILE_REPORT as "consumed <name>" or "failed <name>";
#   - an input whose name contains "_bad" fails: the job goes on with the others, then exits 65;
#   - an input whose name contains "_big" needs 4000 MB: when --memory is below 4000MB the job prints
#     "needs more memory than <N> MB" and exits 137 at that file (the files before it are consumed);
#   - otherwise it exits 0.
set -u
memory=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --memory) memory=${2:-}; shift 2 || shift ;;
    --memory=*) memory=${1#--memory=}; shift ;;
    *) shift ;;
  esac
done
memory=${memory%MB}; memory=${memory%mb}
case "$memory" in ''|*[!0-9]*) echo "demo-job: --memory must be a number of MB, e.g. 2000MB" >&2; exit 64 ;; esac
out=${POMS_OUTPUT_DIR:-.}; report=${POMS_FILE_REPORT:-/dev/null}; list=${POMS_INPUT_LIST:-/dev/null}
mkdir -p "$out"
failed=0; n=0
while IFS= read -r name || [ -n "$name" ]; do
  [ -z "$name" ] && continue
  n=$((n + 1))
  echo "processing $name"
  sleep "0.$((5 + RANDOM % 5))"
  if [[ "$name" == *_big* ]] && [ "$memory" -lt 4000 ]; then
    echo "needs more memory than $memory MB" >&2
    echo "failed $name" >> "$report"
    exit 137
  fi
  if [[ "$name" == *_bad* ]]; then
    echo "cannot read $name" >&2
    echo "failed $name" >> "$report"
    failed=$((failed + 1))
    continue
  fi
  base=$(basename "$name"); base=${base%.*}
  printf 'demo output of %s\n' "$name" > "$out/${base}_out.root"
  echo "consumed $name" >> "$report"
done < "$list"
echo "processed $n files, $failed failed"
[ "$failed" -gt 0 ] && exit 65
exit 0
