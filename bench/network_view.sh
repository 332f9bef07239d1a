#!/bin/sh
# The #/network view at 50,000 flagged accounts (docs/benchmarks.md): makes the analysis directory
# once, then measures first frame and pan/zoom frame times in headless Chromium (software WebGL).
#   bench/network_view.sh [DIR] [--seconds 4] [--runs 1] [--json OUT.json]
# Needs the release build (build/release/src/lockstep) and the dashboard (cd web && npm run build).
set -eu
cd "$(dirname "$0")/.."
dir=${1:-/tmp/lockstep-net50k}
[ $# -gt 0 ] && shift
[ -f "$dir/summary.json" ] || python3 bench/make_network_dir.py "$dir"
echo "load: $(uptime)"
node bench/network_view.mjs "$dir" "$@"
echo "load: $(uptime)"
