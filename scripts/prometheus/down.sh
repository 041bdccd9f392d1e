#!/bin/bash
# Stops, by pid, the Prometheus scripts/prometheus/up.sh started in PROM_ROOT (the folder it printed), and removes
# that folder (config, samples). Touches nothing else: without PROM_ROOT, or when the folder is not one up.sh made,
# it does nothing.
set -uo pipefail
R=${PROM_ROOT:-}
if [ -z "$R" ]; then echo "[prometheus] PROM_ROOT is not set (up.sh prints it): nothing stopped" >&2; exit 0; fi
if [ ! -f "$R/prom.yml" ]; then echo "[prometheus] $R is not a folder up.sh made: nothing stopped" >&2; exit 0; fi
if [ -s "$R/prometheus.pid" ]; then
  p=$(cat "$R/prometheus.pid")
  if kill -TERM "$p" 2>/dev/null; then for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -0 "$p" 2>/dev/null && kill -KILL "$p"; fi
fi
rm -rf "$R"; exit 0
