#!/usr/bin/env bash
# The test command (README): builds the solution and runs every test project.
# PostgreSQL tests need a server: scripts/postgres-up.sh starts one (installing it when absent and allowed) and prints
# the connection string for IWMDESK_TEST_PG. Outside CI a server that cannot be had only skips those tests;
# with CI=true it fails the run. The same holds for the chart library (scripts/web-assets.sh) and Chromium
# (scripts/browser-up.sh) and the SMTP server of the alert tests (scripts/smtp-up.sh); browser screenshots land in
# TestResults/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/postgres-up.sh ]; then
  if pg=$(bash scripts/postgres-up.sh); then
    export IWMDESK_TEST_PG="$pg"
  elif [ "${CI:-}" = "true" ]; then
    echo "error: PostgreSQL could not be started (scripts/postgres-up.sh); CI needs it for the PostgreSQL tests" >&2
    exit 1
  else
    echo "warning: no PostgreSQL server; the PostgreSQL tests will be skipped" >&2
  fi
fi
# Report/serve tests need the chart library (npm ci in web/) and the browser tests need Chromium. Outside CI a missing
# piece only skips those tests (they say what to run); with CI=true it fails the run.
if ! bash scripts/web-assets.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "error: the chart library could not be installed (scripts/web-assets.sh); CI needs it for the report and browser tests" >&2
    exit 1
  fi
  echo "warning: no chart library; the report, serve and browser tests will be skipped" >&2
fi
if chromium=$(bash scripts/browser-up.sh); then
  export IWMDESK_CHROMIUM="$chromium"
elif [ "${CI:-}" = "true" ]; then
  echo "error: Chromium could not be installed (scripts/browser-up.sh); CI needs it for the browser tests" >&2
  exit 1
else
  echo "warning: no Chromium; the browser tests will be skipped" >&2
fi
# The alert tests need a real SMTP server: scripts/smtp-up.sh installs Debian's python3-aiosmtpd when absent and
# prints the interpreter that has it; the tests start their own server on a free 127.0.0.1 port and stop it.
if smtp_python=$(bash scripts/smtp-up.sh); then
  export IWMDESK_TEST_SMTP_PYTHON="$smtp_python"
elif [ "${CI:-}" = "true" ]; then
  echo "error: no SMTP test server (scripts/smtp-up.sh: python3-aiosmtpd); CI needs it for the alert tests" >&2
  exit 1
else
  echo "warning: no SMTP test server (python3-aiosmtpd); the SMTP alert tests will be skipped" >&2
fi
# Formatting first (whitespace rules of .editorconfig; ~10 s): a file laid out differently fails the run before the
# build. Fix with `dotnet format whitespace IwmDesk.slnx`. Whitespace only: the full `dotnet format` (style and
# analyzers) re-runs the analyzers over the solution, which the build's TreatWarningsAsErrors already enforces.
if ! dotnet format whitespace IwmDesk.slnx --verify-no-changes; then
  echo "error: formatting differs from .editorconfig; run: dotnet format whitespace IwmDesk.slnx" >&2
  exit 1
fi
dotnet build IwmDesk.slnx -c Release
rm -rf TestResults/screenshots
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test IwmDesk.slnx -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
# The test processes' temporary folders (tests/Shared/TestData.cs: one p<pid>-… folder per test process): the test
# host is ended by the runner, not always through a normal exit, so the folders of processes that are gone are removed here.
tmp_root="${TMPDIR:-/tmp}/iwmdesk-tests"
if [ -d "$tmp_root" ]; then
  for d in "$tmp_root"/p*-*; do
    [ -d "$d" ] || continue
    pid="${d##*/p}"; pid="${pid%%-*}"
    kill -0 "$pid" 2>/dev/null || rm -rf "$d"
  done
fi
# The browser tests' screenshots (look at them: they are what a person sees).
if compgen -G "TestResults/screenshots/*.png" >/dev/null; then
  echo "Browser screenshots ($(ls TestResults/screenshots/*.png | wc -l)):"
  ls -1 "$PWD"/TestResults/screenshots/*.png | grep -v -- '-\(price\|gex\|kre\|forecast\|workflow\|backtest\|journal\)\.png$' | sed 's/^/  /' || true
  echo "  (and one per section beside each: *-price.png, *-gex.png, *-kre.png, *-forecast.png, *-workflow.png, *-backtest.png, *-journal.png)"
fi
# One plain closing line over every test project, for readers and CI.
awk '/^ +Passed: +[0-9]+/ {p += $2} /^ +Failed: +[0-9]+/ {f += $2} /^ +Skipped: +[0-9]+/ {s += $2}
     END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$log"
exit "$status"
