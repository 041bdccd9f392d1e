#!/bin/bash
# Starts a real Prometheus (Debian's package, 2.42) on a free loopback port with its own config and storage in a
# folder of its own (one per run, so two checkouts or two test runs never share one), scraping the test's exporter
# every second, for the *.prom.test.ts tests and for trying probes by hand.
# Installs the package when missing (root). Recipe: /work/shared/prometheus.md. No systemd: started by hand, by pid.
# env (all optional): PROM_ROOT (default: a new mktemp folder)  PROM_PORT (default: a free port)
#                     PROM_EXPORTER (the scrape target; default 127.0.0.1:<another free port>)
# Prints, last, three lines for the caller to eval: POMS_PROMETHEUS_URL, POMS_PROM_EXPORTER_PORT (where the test must
# serve its exporter) and PROM_ROOT (what scripts/prometheus/down.sh needs to stop it and remove the folder).
set -euo pipefail
if ! command -v prometheus >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "Prometheus is not installed; run scripts/prometheus/up.sh as root once (it installs Debian's package)." >&2; exit 1; fi
  echo "[prometheus] installing Debian's prometheus package…" >&2
  export DEBIAN_FRONTEND=noninteractive; APT="apt-get -o DPkg::Lock::Timeout=600 -qq"
  # policy-rc.d / no systemd: the package's own service does not start
  $APT install -y --no-install-recommends prometheus >/dev/null 2>&1 || { $APT update; $APT install -y --no-install-recommends prometheus >/dev/null; }
fi
R=${PROM_ROOT:-$(mktemp -d "${TMPDIR:-/tmp}/poms-prometheus.XXXXXX")}
mkdir -p "$R/data"
alive() { [ -s "$R/prometheus.pid" ] && kill -0 "$(cat "$R/prometheus.pid")" 2>/dev/null; }
if alive && [ -s "$R/ports" ]; then
  read -r PORT TARGET < "$R/ports" # already running in this folder: its own ports
else
  # Two free loopback ports at once (held together, so they differ); the kernel may hand them out again only later.
  read -r FREE1 FREE2 < <(node -e 'const n=require("net");const a=n.createServer().listen(0,"127.0.0.1",()=>{const b=n.createServer().listen(0,"127.0.0.1",()=>{console.log(a.address().port,b.address().port);a.close();b.close()})})')
  PORT=${PROM_PORT:-$FREE1}; TARGET=${PROM_EXPORTER:-127.0.0.1:$FREE2}
  echo "$PORT $TARGET" > "$R/ports"
fi
URL="http://127.0.0.1:$PORT"
cat > "$R/prom.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: poms-test
    static_configs: [ { targets: ["$TARGET"] } ]
YML
if ! alive; then
  setsid prometheus --config.file="$R/prom.yml" --storage.tsdb.path="$R/data" --web.listen-address="127.0.0.1:$PORT" \
    --storage.tsdb.retention.time=1h > "$R/prometheus.log" 2>&1 < /dev/null &
  echo $! > "$R/prometheus.pid"
fi
for i in $(seq 100); do curl -sf "$URL/-/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "$URL/-/ready" >/dev/null || { echo "[prometheus] did not become ready; log: $R/prometheus.log" >&2; tail -5 "$R/prometheus.log" >&2; exit 1; }
echo "[prometheus] ready on $URL, scraping $TARGET every second (folder $R)" >&2
echo "export POMS_PROMETHEUS_URL=$URL"
echo "export POMS_PROM_EXPORTER_PORT=${TARGET##*:}"
echo "export PROM_ROOT=$R"
