#!/usr/bin/env bash
# Rebuilds the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/seed-*) from the
# current writer. Run after a deliberate format or writer change, then commit the result. Files
# not named seed-* (crashes the fuzzer found, kept as regression inputs) are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-$PWD/build-seeds}
cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_make_seeds >/dev/null
find tests/fuzz/corpus -name 'seed-*' -delete 2>/dev/null || true
"$build/tests/fuzz/fuzz_make_seeds" tests/fuzz/corpus spec/vectors
