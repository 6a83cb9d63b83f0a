#!/usr/bin/env bash
# Re-approves the snapshot tests: runs every test marked Category=Snapshot with IWMDESK_APPROVE_SNAPSHOTS=1, which
# overwrites the expected files (tests/<project>/__snapshots__/*.snap) with the current output and passes. Then it
# lists what changed: read that diff (git diff tests/) before committing it with your change.
#   bash scripts/approve-snapshots.sh                      # all snapshots
#   bash scripts/approve-snapshots.sh "FullyQualifiedName~Cli"   # only some (a dotnet test filter, ANDed with the category)
set -euo pipefail
cd "$(dirname "$0")/.."
# The real-data snapshots need ../shared/data/real beside the repository; in a git worktree that lives beside the
# main checkout, so look there too (or set IWMDESK_SHARED_DATA yourself).
if [ -z "${IWMDESK_SHARED_DATA:-}" ] && [ ! -d ../shared/data/real ]; then
  main="$(cd "$(git rev-parse --git-common-dir)/.." && pwd)"
  if [ -d "$main/../shared/data/real" ]; then export IWMDESK_SHARED_DATA="$(cd "$main/../shared/data/real" && pwd)"; fi
fi
if [ -z "${IWMDESK_SHARED_DATA:-}" ] && [ ! -d ../shared/data/real ]; then
  echo "warning: no ../shared/data/real: the real-data snapshots are skipped, not re-approved" >&2
fi
filter="Category=Snapshot"
if [ $# -gt 0 ]; then filter="Category=Snapshot&($1)"; fi
dotnet build IwmDesk.slnx -c Release -nologo -clp:ErrorsOnly
IWMDESK_APPROVE_SNAPSHOTS=1 dotnet test IwmDesk.slnx -c Release --no-build --filter "$filter" --logger "console;verbosity=minimal"
find tests -path '*/__snapshots__/*.received.*' -delete
echo "Changed snapshots (review, then commit):"
git status --short -- 'tests/**/__snapshots__/*' | sed 's/^/  /'
