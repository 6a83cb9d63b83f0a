#!/usr/bin/env bash
# The setup command (README): restores and builds everything (Release), then publishes the iwmdesk command
# ReadyToRun-compiled into artifacts/iwmdesk so that ./iwmdesk starts fast (no JIT warm-up on every run).
# Needs only the .NET 10 SDK. Steps that need more (PostgreSQL for its tests, Chromium for browser tests,
# npm chart assets) are done by their own scripts, which the test command calls.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build IwmDesk.slnx -c Release -nologo -clp:ErrorsOnly
rid="$(dotnet --info | awk -F': *' '/^ *RID:/ {print $2; exit}')"
dotnet publish src/IwmDesk.Cli -c Release -r "${rid:-linux-x64}" --self-contained false \
  -p:PublishReadyToRun=true -o artifacts/iwmdesk -nologo -clp:ErrorsOnly
echo
echo "Built. Try:  ./iwmdesk forecast        (runs on the bundled synthetic sample until you import real data)"
