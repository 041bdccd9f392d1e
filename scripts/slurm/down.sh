#!/bin/bash
# Stops, by PID, what scripts/slurm/up.sh started. --purge also removes SLURM_ROOT (job ids restart at 1).
set -uo pipefail
R=${SLURM_ROOT:-${TMPDIR:-/tmp}/poms-slurm}; export SLURM_CONF=$R/slurm.conf
[ -f "$SLURM_CONF" ] || exit 0
stop() { [ -s "$1" ] || return 0; local p; p=$(cat "$1"); kill -TERM "$p" 2>/dev/null || return 0
  for i in $(seq 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$p"; }
if [ -s "$R/run/slurmctld.pid" ] && kill -0 "$(cat "$R/run/slurmctld.pid")" 2>/dev/null; then
  scancel --user="$(id -un)" 2>/dev/null       # slurmd leaves running jobs alive when it stops
  for i in $(seq 100); do [ -z "$(squeue -h -t R,CG,S -o %i 2>/dev/null)" ] && break; sleep 0.1; done
fi
stop "$R/run/slurmd.pid"; stop "$R/run/slurmctld.pid"; stop "$R/run/slurmdbd.pid"
stop "$R/mysqlrun/mariadbd.pid"; stop /run/munge/munged.pid
rm -f "$R"/run/*.pid; [ "${1:-}" = --purge ] && rm -rf "$R"; exit 0
