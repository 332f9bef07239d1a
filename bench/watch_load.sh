#!/usr/bin/env bash
# `lockstep watch` under sustained load from a second process: a producer writes a synthetic
# platform's posts into a pipe as fast as the watch takes them; the watch runs on one core
# (it is single-threaded) and reports records; /usr/bin/time gives CPU time and peak memory.
# Two stream lengths at the same rate over the same population (10 and 40 days) show whether
# memory stays bounded: state is kept for the horizons of docs/brigades.md (targets and accounts
# a day, posts two days, pairs a week), so it follows the event rate, not the stream's length.
#   bench/watch_load.sh [OUTDIR]     (default /tmp/lockstep-watch-load)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/build/release/src/lockstep
out=${1:-/tmp/lockstep-watch-load}
mkdir -p "$out"
world() {  # name posts accounts days format
  [ -d "$out/$1" ] || "$bin" synth --seed 5 --posts "$2" --accounts "$3" --days "$4" --format "$5" \
    --campaign-mix brigade=20,copypasta=5,ring=5 --out "$out/$1" -q >/dev/null
}
load() {  # name
  local dir="$out/$1" res="$out/$1-watch"
  rm -rf "$res"
  mkdir -p "$res"
  local posts
  posts=$(ls "$dir"/posts.*)
  # The producer is a second process (cat into a pipe); the watch reads standard input.
  cat "$posts" | /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KiB peak RSS" \
    "$bin" watch - --out "$res" --alerts "$res/alerts.ndjson" 2> "$res/log" || true
  echo "== $1 ($(du -m "$posts" | cut -f1) MB)"
  cat "$res/log"
}
world qut-10d 1000000 200000 10 qut
world qut-40d 4000000 200000 40 qut
world v1-10d 500000 100000 10 twitter-v1
load qut-10d
load qut-40d
load v1-10d
