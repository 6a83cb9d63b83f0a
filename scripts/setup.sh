#!/usr/bin/env bash
# The setup command (README): restores and builds everything in Release, so ./iwmdesk runs.
# Needs only the .NET 10 SDK. Steps that need more (PostgreSQL for its tests, Chromium for browser tests,
# npm chart assets) are done by their own scripts, which the test command calls.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build IwmDesk.slnx -c Release -nologo -clp:ErrorsOnly
echo
echo "Built. Try:  ./iwmdesk forecast        (runs on the bundled synthetic sample until you import real data)"
