#!/usr/bin/env bash
# One command from a fresh Debian machine: install packages, build, and run lockstep's main job
# (`lockstep analyze`) on the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
(cd web && npm ci --no-audit --no-fund && npm run build)   # the dashboard of `lockstep serve`
mkdir -p out
./build/release/src/lockstep ingest data/sample/russian_coord_tweets.csv.zst --out out/sample-dataset
./build/release/src/lockstep analyze out/sample-dataset --out out/sample-analysis --window co_repost=600 --report >/dev/null
echo
echo "lockstep is built: ./build/release/src/lockstep --help"
echo "report: out/sample-analysis/ (report.html, summary.json, accounts.csv, edges.csv, clusters.json, network.gexf)"
echo "dashboard: ./build/release/src/lockstep serve out/sample-analysis   (then open http://127.0.0.1:8080/)"
