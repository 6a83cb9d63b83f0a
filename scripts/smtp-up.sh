#!/usr/bin/env bash
# Makes Debian's aiosmtpd (a real SMTP server in Python) available for the alert tests and prints the Python
# interpreter that has it (stdout: that one line; messages go to stderr). The tests read it from
# IWMDESK_TEST_SMTP_PYTHON and start their own server on a free 127.0.0.1 port (tests/Shared/smtp_server.py), with
# STARTTLS and AUTH, and stop it afterwards. When the module is absent and this runs as root, installs
# `python3-aiosmtpd` with apt-get. Debian's module lives in /usr/bin/python3 (a pyenv `python3` on PATH does not see it).
# Exits non-zero when it cannot be had: scripts/test.sh decides whether that is fatal (CI=true) or skips those tests.
# IWMDESK_TEST_SMTP_PYTHON already set: that interpreter is used as it is.
set -euo pipefail

log() { echo "smtp-up: $*" >&2; }

if [ -n "${IWMDESK_TEST_SMTP_PYTHON:-}" ]; then
  echo "$IWMDESK_TEST_SMTP_PYTHON"
  exit 0
fi

PY=/usr/bin/python3
has_module() { [ -x "$PY" ] && "$PY" -c 'import aiosmtpd.controller, aiosmtpd.smtp' >/dev/null 2>&1; }

if has_module; then
  echo "$PY"
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "python3-aiosmtpd is not installed and cannot be installed here (needs root and apt-get: apt-get install -y python3-aiosmtpd)"
  exit 1
fi

log "installing python3-aiosmtpd (apt-get install -y python3-aiosmtpd) ..."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq python3-aiosmtpd >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 || true
  if ! apt-get install -y -qq python3-aiosmtpd >/dev/null 2>&1; then
    log "apt-get install python3-aiosmtpd failed"
    exit 1
  fi
fi

if ! has_module; then
  log "python3-aiosmtpd installed but $PY cannot import it"
  exit 1
fi
echo "$PY"
