#!/bin/bash
# Stops, by pid, the Prometheus scripts/prometheus/up.sh started, and removes its folder (config, samples).
set -uo pipefail
R=${PROM_ROOT:-${TMPDIR:-/tmp}/poms-prometheus}
if [ -s "$R/prometheus.pid" ]; then
  p=$(cat "$R/prometheus.pid")
  if kill -TERM "$p" 2>/dev/null; then for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -0 "$p" 2>/dev/null && kill -KILL "$p"; fi
fi
rm -rf "$R"; exit 0
