#!/bin/sh
# Builds the libFuzzer targets in Fuzz/ (one per file, beside Fuzz/Support.swift) with the library targets' sources, under
# the address sanitizer: .build/fuzz/fuzz-<target>. Usage: scripts/fuzz/build.sh [target ...] (default: all).
set -eu
cd "$(dirname "$0")/../.."
SWIFTC=${SWIFTC:-swiftc}
OUT=.build/fuzz
mkdir -p "$OUT"
targets=${*:-$(for f in Fuzz/*.swift; do b=$(basename "$f" .swift); [ "$b" = Support ] || echo "$b"; done)}
# The library targets' sources compiled as one module, so `package` declarations are visible: copied without their
# `import Shien…` lines (the modules they name are all in the one module here).
rm -rf "$OUT/src" && mkdir -p "$OUT/src"
for file in $(find Sources -path 'Sources/Shien*' -name '*.swift' | sort); do
  name=$(echo "${file#Sources/}" | tr '/' '_')
  grep -v '^import Shien' "$file" >"$OUT/src/$name"
done
sources=$(find "$OUT/src" -name '*.swift' | sort)
for target in $targets; do
  echo "== building fuzz-$target"
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
