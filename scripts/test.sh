#!/usr/bin/env bash
# npm test: the whole suite (unit, integration on real PostgreSQL, e2e in Chromium).
# Installs Debian's Chromium when it is missing (Playwright cannot download browsers here).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " != *" --unit "* ]] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[test] installing Chromium from Debian's packages…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 -qq update
    apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends chromium >/dev/null
  else
    echo "[test] Chromium is missing: install it (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
exec node --import tsx scripts/test-all.ts "$@"
