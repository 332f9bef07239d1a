#!/usr/bin/env bash
# One command from a fresh Debian machine: install packages, build, and run lockstep's main job
# (`lockstep analyze`) on the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
mkdir -p out
./build/release/src/lockstep ingest data/sample/russian_coord_tweets.csv.zst --out out/sample-dataset
./build/release/src/lockstep analyze out/sample-dataset --out out/sample-analysis --window co_repost=600 >/dev/null
echo
echo "lockstep is built: ./build/release/src/lockstep --help"
echo "report: out/sample-analysis/ (summary.json, accounts.csv, edges.csv, clusters.json, network.gexf)"
