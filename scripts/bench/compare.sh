#!/usr/bin/env bash
# Runs the C baseline (gcc -O2) and `iwmdesk bench` alternately ROUNDS times and prints, per kernel, the best
# ns/bar of each. On a shared machine the minimum over interleaved rounds is the fairest comparison.
# Usage: scripts/bench/compare.sh [BARS=10000000] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
bars="${1:-10000000}"
rounds="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/baseline" scripts/bench/baseline.c -lm
dotnet build src/IwmDesk.Cli/IwmDesk.Cli.csproj -c Release -o "$work/cli" >/dev/null
for r in $(seq "$rounds"); do
  "$work/baseline" "$bars" | awk '/ns\/bar/ {print "c", $1, $2}' >> "$work/all"
  dotnet "$work/cli/iwmdesk.dll" bench --bars "$bars" --runs 5 | awk -F'│' 'NF > 4 && $4 ~ /[0-9]/ {gsub(/ /, "", $2); gsub(/ /, "", $4); print "net", $2, $4}' >> "$work/all"
done
echo "best ns/bar over $rounds interleaved rounds, $bars bars (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
awk '{k = $2; v = $3 + 0; if (!(($1, k) in best) || v < best[$1, k]) best[$1, k] = v; if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
     END { printf "%-26s %10s %10s %8s\n", "kernel", "C -O2", ".NET", "ratio"; for (i = 1; i <= n; i++) { k = order[i]; printf "%-26s %10.2f %10.2f %8.2f\n", k, best["c", k], best["net", k], best["net", k] / best["c", k] } }' "$work/all"
