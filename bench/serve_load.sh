#!/usr/bin/env bash
# Load test of `lockstep serve` on loopback with wrk: throughput and latency percentiles at 100
# concurrent connections per endpoint, and the server's peak memory (VmHWM) before and after.
#
#   bench/serve_load.sh [WORKDIR] [ACCOUNTS] [SECONDS]     (defaults: /tmp/lockstep-serve-bench 50000 15)
#
# Builds a synthetic world (lockstep synth), analyses it, serves it, and runs wrk against the API.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/lockstep-serve-bench}
accounts=${2:-50000}
seconds=${3:-15}
bin=./build/release/src/lockstep
port=${LOCKSTEP_BENCH_PORT:-18765}
mkdir -p "$work"
if [ ! -f "$work/res/summary.json" ]; then
  $bin synth --seed 11 --accounts "$accounts" --days 3 --quiet --out "$work/world" >/dev/null
  $bin ingest "$work/world/posts.csv" --out "$work/ds" >/dev/null
  $bin analyze "$work/ds" --out "$work/res" >/dev/null 2>&1
fi
$bin serve "$work/res" --port "$port" --web /nonexistent ${LOCKSTEP_SERVE_ARGS:-} 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/summary" >/dev/null && break; sleep 0.1; done
hwm() { awk '/VmHWM/ {print $2 " kB"}' "/proc/$pid/status"; }
echo "events/accounts/flagged/campaigns: $(curl -s "http://127.0.0.1:$port/api/summary" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["summary"]; print(s["events"], s["accounts"], d["flagged_accounts"], d["campaigns"])')"
echo "server peak RSS after start: $(hwm)"
campaign=$(curl -s "http://127.0.0.1:$port/api/campaigns?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
account=$(curl -s "http://127.0.0.1:$port/api/accounts?limit=1" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["id"], safe=""))')
for path in "/api/summary" "/api/campaigns?limit=50" "/api/campaigns/$campaign" "/api/accounts/$account" "/api/accounts?q=ab&limit=50" "/api/network"; do
  echo "== GET $path"
  wrk -t2 -c100 -d"${seconds}s" --latency "http://127.0.0.1:$port$path" |
    grep -E "Requests/sec|Transfer/sec|^ +(50|99)%|Non-2xx|Socket errors|Latency  "
done
echo "server peak RSS after the load: $(hwm)"
