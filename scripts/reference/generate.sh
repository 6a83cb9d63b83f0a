#!/usr/bin/env bash
# Regenerates tests/IwmDesk.Analytics.Tests/Reference/*.csv from independent implementations
# (TA-Lib C and Tulip Indicators C, fetched as npm packages, compiled with gcc; see gen_reference.c).
# Not run by CI: the tests compare against the stored CSVs. Needs npm, gcc and ../shared/data/real.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
real="${IWMDESK_SHARED_DATA:-$repo/../shared/data/real}"
out="$repo/tests/IwmDesk.Analytics.Tests/Reference"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack talib@1.1.6 tulind@0.8.20 >/dev/null 2>&1
mkdir talib tulind
tar xzf talib-1.1.6.tgz -C talib --strip-components=1
tar xzf tulind-0.8.20.tgz -C tulind --strip-components=1

ta="$work/talib/src/lib"
inc=(-I"$ta/include" -I"$ta/src/ta_common" -I"$ta/src/ta_func")
mkdir obj
for f in "$ta"/src/ta_func/*.c "$ta"/src/ta_common/*.c; do
  gcc -O2 -c "${inc[@]}" "$f" -o "obj/$(basename "$f" .c).o" &
  while [ "$(jobs -r | wc -l)" -ge 2 ]; do wait -n; done
done
wait
gcc -O2 -c -I"$work/tulind/external" "$work/tulind/external/tiamalgamation.c" -o obj/tulip.o
gcc -O2 -std=gnu11 "${inc[@]}" -I"$work/tulind/external" "$here/gen_reference.c" obj/*.o -lm -o gen_reference

mkdir -p "$out"
./gen_reference "$real" "$out"
ls -l "$out"
