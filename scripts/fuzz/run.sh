#!/bin/sh
# Runs each fuzz target for FUZZ_SECONDS (default 60) on its growing corpus (.build/fuzz/corpus/<target>, seeded
# from the checkout by seeds.py) and prints its final executions and coverage. A crash, a leak, a hang longer than
# 10 s or more than 2 GB of memory stops the run and leaves the input in .build/fuzz/artifacts/.
# Usage: scripts/fuzz/run.sh [target ...] (default: household rules everyday csv catalogdb).
set -eu
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
targets=${*:-household rules everyday csv catalogdb}
python3 scripts/fuzz/seeds.py .build/fuzz/seeds >/dev/null
mkdir -p .build/fuzz/artifacts
status=0
for target in $targets; do
  [ -x ".build/fuzz/fuzz-$target" ] || scripts/fuzz/build.sh "$target"
  mkdir -p ".build/fuzz/corpus/$target"
  log=".build/fuzz/$target.log"
  echo "== fuzz-$target for ${SECONDS_EACH}s (log: $log)"
  if LSAN_OPTIONS="suppressions=scripts/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" ".build/fuzz/fuzz-$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=".build/fuzz/artifacts/$target-" ".build/fuzz/corpus/$target" ".build/fuzz/seeds/$target" \
    >"$log" 2>&1; then
    grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1
    grep -E 'stat::(number_of_executed_units|peak_rss_mb)' "$log"
  else
    status=1
    echo "fuzz-$target FAILED:"
    grep -E 'ERROR|Fatal error|SUMMARY|Test unit written|artifact' "$log" | head -10
  fi
done
exit $status
