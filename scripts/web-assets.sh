#!/usr/bin/env bash
# Installs the chart library that `iwmdesk report` inlines and `iwmdesk serve` serves: TradingView's lightweight-charts,
# pinned in web/package.json and web/package-lock.json, with `npm ci` into web/node_modules (never committed).
# Idempotent: quiet and fast when web/node_modules already matches the lock file. Needs npm; exits non-zero when the
# library cannot be installed: the caller decides whether that is fatal (scripts/test.sh with CI=true) or a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

target=web/node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js
installed_lock=web/node_modules/.package-lock.json   # written by npm ci; newer than the lock file when up to date

log() { echo "web-assets: $*" >&2; }

if [ -f "$target" ] && [ -f "$installed_lock" ] && [ "$installed_lock" -nt web/package-lock.json ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  log "npm is not installed: install Node.js and npm (Debian: apt-get install -y npm), then run  bash scripts/web-assets.sh"
  exit 1
fi

log "installing the chart library (npm ci in web/) ..."
if ! (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2); then
  log "npm ci failed in web/"
  exit 1
fi
if [ ! -f "$target" ]; then
  log "npm ci ran but $target is missing"
  exit 1
fi
log "installed $target"
