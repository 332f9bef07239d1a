#!/usr/bin/env bash
# Coordination quality on synthetic worlds with planted campaigns and organic decoys.
# Seed 101 is the development world (looked at while changing the detector); seeds 901 and 902,
# of other sizes and formats, are held out: only ever run, never tuned on.
#   bench/quality.sh [OUTDIR]      (default /tmp/lockstep-quality)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./build/release/src/lockstep
out=${1:-/tmp/lockstep-quality}
mkdir -p "$out"
run() {  # name seed accounts days format
  local dir="$out/$1"
  rm -rf "$dir"
  "$bin" synth --seed "$2" --accounts "$3" --days "$4" --format "$5" --out "$dir" -q >/dev/null 2>&1
  "$bin" analyze "$dir"/posts.* --out "$dir/res" >/dev/null 2>&1
  echo "== $1 (seed $2, $3 accounts, $4 days, $5)"
  "$bin" evaluate "$dir/res" --truth "$dir"
}
run dev-101 101 20000 7 qut
run heldout-901 901 30000 10 qut
run heldout-902 902 10000 5 twitter-v1
