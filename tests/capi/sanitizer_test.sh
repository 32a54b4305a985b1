#!/usr/bin/env bash
# Builds the library and the C API test with ASan and UBSan in their own folder and runs the test:
# memory errors and undefined behaviour on either side of the C boundary fail it.
# Usage: sanitizer_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build=$2
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DARCHIVE_NEWS_WERROR=ON \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" --target capi_test -j "$(nproc)" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$build/tests/capi/capi_test" full "$source_dir/samples" "$work"
