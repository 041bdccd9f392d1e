#!/bin/bash
# Starts a real Prometheus (Debian's package, 2.42) on a loopback port with its own config and storage under a temp
# folder, scraping the test's exporter every second, for the *.prom.test.ts tests and for trying probes by hand.
# Installs the package when missing (root). Recipe: /work/shared/prometheus.md. No systemd: started by hand, by pid.
# env: PROM_ROOT (default $TMPDIR/poms-prometheus)  PROM_PORT (9391)  PROM_EXPORTER (127.0.0.1:9392, the target)
# The last line printed is `export POMS_PROMETHEUS_URL=…`.
set -euo pipefail
R=${PROM_ROOT:-${TMPDIR:-/tmp}/poms-prometheus}; PORT=${PROM_PORT:-9391}; TARGET=${PROM_EXPORTER:-127.0.0.1:9392}
URL="http://127.0.0.1:$PORT"
if ! command -v prometheus >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "Prometheus is not installed; run scripts/prometheus/up.sh as root once (it installs Debian's package)." >&2; exit 1; fi
  echo "[prometheus] installing Debian's prometheus package…" >&2
  export DEBIAN_FRONTEND=noninteractive; APT="apt-get -o DPkg::Lock::Timeout=600 -qq"
  # policy-rc.d / no systemd: the package's own service does not start
  $APT install -y --no-install-recommends prometheus >/dev/null 2>&1 || { $APT update; $APT install -y --no-install-recommends prometheus >/dev/null; }
fi
mkdir -p "$R/data"
cat > "$R/prom.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: poms-test
    static_configs: [ { targets: ["$TARGET"] } ]
YML
alive() { [ -s "$R/prometheus.pid" ] && kill -0 "$(cat "$R/prometheus.pid")" 2>/dev/null; }
if ! alive; then
  setsid prometheus --config.file="$R/prom.yml" --storage.tsdb.path="$R/data" --web.listen-address="127.0.0.1:$PORT" \
    --storage.tsdb.retention.time=1h > "$R/prometheus.log" 2>&1 < /dev/null &
  echo $! > "$R/prometheus.pid"
fi
for i in $(seq 100); do curl -sf "$URL/-/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "$URL/-/ready" >/dev/null || { echo "[prometheus] did not become ready; log: $R/prometheus.log" >&2; tail -5 "$R/prometheus.log" >&2; exit 1; }
echo "[prometheus] ready on $URL, scraping $TARGET every second" >&2
echo "export POMS_PROMETHEUS_URL=$URL"
