#!/usr/bin/env bash
# One command from a fresh Debian machine: install packages, build, and run lockstep on the
# bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
mkdir -p out
./build/release/src/lockstep ingest data/sample/*.* --out out/sample-dataset
./build/release/src/lockstep stats out/sample-dataset
echo
echo "lockstep is built: ./build/release/src/lockstep --help"
echo "sample DATASET: out/sample-dataset"
