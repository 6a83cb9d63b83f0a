#!/usr/bin/env bash
# The test command (README): builds the solution and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build IwmDesk.slnx -c Release
dotnet test IwmDesk.slnx -c Release --no-build --logger "console;verbosity=normal"
