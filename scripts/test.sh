#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, then
#   1. release build: unit tests + scenario files (ctest)
#   1b. web dashboard build + end-to-end test in headless Chromium (web/e2e/run.mjs)
#   2. ASan+UBSan build: the same suite under sanitizers
#   3. fuzzing: every libFuzzer target over its seed corpus, 20 s each (scripts/fuzz.sh)
# Set LOCKSTEP_SKIP_ASAN=1 to skip step 2 and LOCKSTEP_SKIP_FUZZ=1 to skip step 3 while iterating
# locally; in CI (CI=true) step 3 always runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs=$(nproc)

echo "== release build + tests"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

echo "== dashboard + report end-to-end (headless Chromium, XSS payloads)"
(cd web && npm ci --no-audit --no-fund && npm run build && npm run e2e)

if [ "${LOCKSTEP_SKIP_ASAN:-0}" != "1" ]; then
  echo "== ASan+UBSan build + tests"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -j "$jobs"
fi

if [ "${CI:-}" = "true" ] || [ "${LOCKSTEP_SKIP_FUZZ:-0}" != "1" ]; then
  echo "== fuzzing (${LOCKSTEP_FUZZ_SECONDS:-20} s per target)"
  ./scripts/fuzz.sh
fi
