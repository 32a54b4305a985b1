#!/usr/bin/env bash
# Runs the whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (gcc), in
# its own build folder ($SANITIZE_BUILD_DIR, default /tmp/newsarc-asan-build). Any sanitizer report
# fails the test that triggers it (-fno-sanitize-recover=all).
#
# Excluded: the four `keys:` tests that run scrypt with minisign's sensitive parameters (1 GiB of
# memory and seconds each; under ASan minutes). They exercise libsodium, not our memory handling,
# and run in the normal suite.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${SANITIZE_BUILD_DIR:-$PWD/build-asan}
cmake -S . -B "$build" -DARCHIVE_NEWS_SANITIZE=address,undefined -DARCHIVE_NEWS_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
slow='keys: (encrypted secret keys round-trip|a password provider may abandon|an encrypted minisign key loads|keys made here sign with minisign)'
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -E "$slow"
