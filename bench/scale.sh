#!/usr/bin/env bash
# End-to-end cost of `analyze` on a DATASET as the data grows (all signals, defaults).
#   bench/scale.sh [OUTDIR] [SIZES...]     (default /tmp/lockstep-scale, 1000000 3000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(pwd)/build/release/src/lockstep
out=${1:-/tmp/lockstep-scale}
shift || true
sizes=${*:-1000000 3000000 10000000}
mkdir -p "$out"
for n in $sizes; do
  d="$out/$n"
  rm -rf "$d"
  "$bin" synth --seed 11 --posts "$n" --days 14 --campaigns 10 --format qut --zstd --out "$d" -q >/dev/null 2>&1
  /usr/bin/time -f "$n posts: ingest %e s wall, %U s user, max RSS %M KB" "$bin" ingest "$d"/posts.csv.zst --out "$d/ds" 2>&1 | tail -1
  "$bin" stats "$d/ds" | grep -E '^(events|memory)'
  /usr/bin/time -f "$n posts: analyze %e s wall, %U s user, max RSS %M KB" "$bin" analyze "$d/ds" --out "$d/res" 2>&1 | tail -1
  rm -f "$d"/posts.csv.zst
done
