#!/usr/bin/env bash
# The setup command (README): restores and builds everything (Release), then publishes the iwmdesk command
# ReadyToRun-compiled into artifacts/iwmdesk so that ./iwmdesk starts fast (no JIT warm-up on every run).
# Needs only the .NET 10 SDK; with npm it also installs the chart library of `iwmdesk report`/`serve`
# (scripts/web-assets.sh). PostgreSQL and Chromium, needed by tests only, come from scripts the test command calls.
set -euo pipefail
cd "$(dirname "$0")/.."
# The chart library for `iwmdesk report` and `iwmdesk serve` (npm ci in web/); the build copies it beside the command.
# Everything else works without it, so a machine without npm only gets a warning.
if ! bash scripts/web-assets.sh; then
  echo "warning: the chart library is not installed: iwmdesk report and iwmdesk serve need it (install npm, then bash scripts/web-assets.sh)" >&2
fi
dotnet build IwmDesk.slnx -c Release -nologo -clp:ErrorsOnly
rid="$(dotnet --info | awk -F': *' '/^ *RID:/ {print $2; exit}')"
dotnet publish src/IwmDesk.Cli -c Release -r "${rid:-linux-x64}" --self-contained false \
  -p:PublishReadyToRun=true -o artifacts/iwmdesk -nologo -clp:ErrorsOnly
echo
echo "Built. Try:  ./iwmdesk forecast        (runs on the bundled synthetic sample until you import real data)"
