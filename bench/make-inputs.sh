#!/usr/bin/env bash
# Writes benchmark inputs to DIR (default /tmp/lockstep-bench): one file per format, about N posts
# each (default 300000), and a DATASET of the QUT file for load timings.
#   bench/make-inputs.sh [DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./build/release/src/lockstep
dir=${1:-/tmp/lockstep-bench}
n=${2:-300000}
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for fmt in qut twitter-v1 io-archive; do
  "$bin" synth --seed 7 --posts "$n" --days 7 --format "$fmt" --out "$tmp/$fmt" -q >/dev/null
  for f in "$tmp/$fmt"/posts.*; do mv "$f" "$dir/$fmt.${f##*.}"; done
done
# X v2, Bluesky and Mastodon: the test fixtures, repeated with fresh ids until about N posts.
python3 bench/replicate.py tests/fixtures/twitter_v2/tweets.jsonl "$n" > "$dir/twitter-v2.jsonl"
python3 bench/replicate.py tests/fixtures/bluesky/jetstream.jsonl "$n" > "$dir/bluesky.jsonl"
python3 bench/replicate.py tests/fixtures/mastodon/statuses.jsonl "$n" > "$dir/mastodon.jsonl"
rm -rf "$dir/dataset-qut"
"$bin" ingest "$dir/qut.csv" --out "$dir/dataset-qut" >/dev/null 2>&1
ls -la "$dir"
