#!/bin/sh
# Builds the libFuzzer targets in Fuzz/ (one per file, beside Fuzz/Support.swift) with ShienKit's sources, under
# the address sanitizer: .build/fuzz/fuzz-<target>. Usage: scripts/fuzz/build.sh [target ...] (default: all).
set -eu
cd "$(dirname "$0")/../.."
SWIFTC=${SWIFTC:-swiftc}
OUT=.build/fuzz
mkdir -p "$OUT"
targets=${*:-$(for f in Fuzz/*.swift; do b=$(basename "$f" .swift); [ "$b" = Support ] || echo "$b"; done)}
sources=$(find Sources/ShienKit -name '*.swift' | sort)
for target in $targets; do
  echo "== building fuzz-$target"
  # One module (ShienKit) holds the library and the target, so `package` declarations are visible.
  # shellcheck disable=SC2086
  # The linker's "Cannot export local symbol '__asan_…'" warnings are harmless and filtered out.
  if "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g -module-name ShienKit -package-name shien \
    -I Sources/CSQLite -lsqlite3 \
    -module-cache-path "$OUT/module-cache" \
    $sources Fuzz/Support.swift "Fuzz/$target.swift" -o "$OUT/fuzz-$target" >"$OUT/build-$target.log" 2>&1; then
    grep -v "Cannot export local symbol" "$OUT/build-$target.log" || true
  else
    grep -v "Cannot export local symbol" "$OUT/build-$target.log"
    exit 1
  fi
done
