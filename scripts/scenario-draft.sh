#!/usr/bin/env bash
# Prints the `events` and `quarantine` blocks that lockstep produces for INPUT..., as a draft for a
# scenario file. Read every line before you paste it: a scenario pins what is right, not what is.
set -euo pipefail
bin=${LOCKSTEP:-./build/release/src/lockstep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" ingest "$@" --out "$tmp/ds" >/dev/null 2>&1 || true
echo "events"
"$bin" dump "$tmp/ds"
# LINE REASON of the quarantine entries with the given action.
entries() {
  python3 -c '
import json, sys
for l in open(sys.argv[1]):
    q = json.loads(l)
    if q["action"] == sys.argv[2]: print(q["line"], q["reason"])
' "$tmp/ds/quarantine.ndjson" "$1"
}
if [ -s "$tmp/ds/quarantine.ndjson" ]; then
  echo
  echo "quarantine"
  entries rejected
  echo
  echo "repaired"
  entries repaired
fi
