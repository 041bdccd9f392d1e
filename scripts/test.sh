#!/usr/bin/env bash
# npm test: the whole suite (unit, integration on real PostgreSQL, e2e in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/test-all.ts "$@"
