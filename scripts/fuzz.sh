#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz", clang + ASan + UBSan) and runs each over its seed
# corpus tests/fuzz_corpus/<target>/ for LOCKSTEP_FUZZ_SECONDS seconds (default 20). Fails on any
# crash, leak, timeout, out-of-memory or sanitizer report.
#
#   scripts/fuzz.sh [TARGET...]      TARGET: csv json detect text ingest dataset findings claims lexical vectors checkpoint (default: all)
#
# The repo corpus is only read: new inputs go to a temp dir given first on the command line.
# Crashing inputs are kept in build/fuzz/artifacts/<target>/; a fixed bug's input belongs in the
# corpus (and, for ingest behaviour, a tests/scenarios/ingest/*.test file).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${LOCKSTEP_FUZZ_SECONDS:-20}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv json detect text ingest dataset findings claims lexical vectors checkpoint)

cmake --preset fuzz >/dev/null
# Only the fuzz targets (and the libraries they link), not the whole tree.
cmake --build --preset fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
failed=()
for t in "${targets[@]}"; do
  bin=build/fuzz/fuzz/fuzz_$t
  seeds=tests/fuzz_corpus/$t
  artifacts=build/fuzz/artifacts/$t
  mkdir -p "$work/$t" "$artifacts"
  # -timeout: one input taking this long is a hang; the outer timeout guards libFuzzer itself.
  # Slow seeds (the decompression regressions) are scheduled less, so they do not eat the budget.
  if TMPDIR="$work" timeout $((seconds + 120)) "$bin" "$work/$t" "$seeds" -max_total_time="$seconds" -timeout=25 \
      -rss_limit_mb=2048 -max_len=65536 -entropic_scale_per_exec_time=1 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" \
      >"$work/$t.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t.log")
    echo "fuzz_$t: ${seconds}s, ${runs:-?} inputs, ${rate:-?} exec/s, ok"
  else
    echo "fuzz_$t: FAILED (input kept in $artifacts/; reproduce with $bin FILE)"
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written|^    #[0-9]+ .* in lockstep' "$work/$t.log" | head -40 ||
      tail -40 "$work/$t.log"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
