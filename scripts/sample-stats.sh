#!/usr/bin/env bash
# Prints the sample-vs-real statistics table of docs/sample-data.md (markdown), computed by the test
# SampleVsRealTests from the bundled sample and the real files in ../shared/data/real.
# Usage: scripts/sample-stats.sh [output.md]     (default: print only)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp --suffix=.md)}"
rm -f "$out"
IWMDESK_STATS_OUT="$(realpath -m "$out")" dotnet test tests/IwmDesk.Tests/IwmDesk.Tests.csproj \
  --filter "FullyQualifiedName~SampleVsRealTests" --nologo -v quiet >/dev/null || {
  echo "the comparison test failed; run: dotnet test tests/IwmDesk.Tests --filter SampleVsRealTests" >&2
  exit 1
}
if [[ ! -s "$out" ]]; then
  echo "no table written: is ../shared/data/real present (or IWMDESK_SHARED_DATA set)? The test skips without it." >&2
  exit 1
fi
cat "$out"
