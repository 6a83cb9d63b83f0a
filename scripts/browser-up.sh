#!/usr/bin/env bash
# Makes headless Chromium available for the browser tests and prints its path (stdout: that one line; messages go to
# stderr). Uses IWMDESK_CHROMIUM when set, else Debian's /usr/bin/chromium, installing the `chromium` package with
# apt-get when it is absent and this runs as root. Exits non-zero when no Chromium can be had: the caller
# (scripts/test.sh) decides whether that is fatal (CI=true) or means skipping the browser tests.
set -euo pipefail

log() { echo "browser-up: $*" >&2; }

if [ -n "${IWMDESK_CHROMIUM:-}" ]; then
  if [ -x "$IWMDESK_CHROMIUM" ]; then echo "$IWMDESK_CHROMIUM"; exit 0; fi
  log "IWMDESK_CHROMIUM=$IWMDESK_CHROMIUM is not an executable"
  exit 1
fi

for c in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$c" ]; then echo "$c"; exit 0; fi
done

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "Chromium is not installed and cannot be installed here (needs root and apt-get: apt-get install -y chromium)"
  exit 1
fi

log "installing Chromium (apt-get install -y chromium) ..."
export DEBIAN_FRONTEND=noninteractive
aptlog="$(mktemp)"
trap 'rm -f "$aptlog"' EXIT
if ! apt-get install -y -qq chromium >"$aptlog" 2>&1; then
  apt-get update -qq >>"$aptlog" 2>&1 || true
  if ! apt-get install -y -qq chromium >>"$aptlog" 2>&1; then
    tail -n 20 "$aptlog" >&2
    log "apt-get install chromium failed"
    exit 1
  fi
fi
if [ -x /usr/bin/chromium ]; then
  echo /usr/bin/chromium
  exit 0
fi
log "the chromium package installed no /usr/bin/chromium"
exit 1
