#!/usr/bin/env bash
# Runs the tests built with sanitizers (issue 4; scripts/test.sh runs both kinds). Any sanitizer
# report fails the test that triggers it.
#
#   scripts/sanitize.sh [address] [thread]     (default: both)
#
# address: the whole suite built with clang's AddressSanitizer and UndefinedBehaviorSanitizer,
#   leak detection on (tests/lsan.supp: one leak inside libarchive). It shares the build folder
#   of scripts/fuzz.sh ($FUZZ_BUILD_DIR, default build-fuzz), whose library is built with exactly
#   these sanitizers (plus the fuzzers' coverage counters), so that CI compiles the library once
#   for both. Tests labelled no-asan are left out,
#   each with its reason where it is defined: the RLIMIT_AS tests (ASan reserves terabytes of
#   address space) and the C API tests that configure plain builds of their own; so is the browser
#   test (label browser): it checks what Chromium makes of the pages, and the extract it starts
#   from runs under ASan in the unit and CLI tests.
# thread: the tests labelled threads (many threads reading one bundle, many processes verifying
#   and extracting one, pack reading folders on several threads) built with clang's
#   ThreadSanitizer in $TSAN_BUILD_DIR (default build-tsan); only what they need is built.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(address thread)
jobs=$(nproc)

build() {  # build FOLDER [TARGET...]; configured by the caller
  local folder=$1 targets=()
  shift
  [ $# -gt 0 ] && targets=(--target "$@")
  if ! cmake --build "$folder" -j "$jobs" "${targets[@]}" >"$folder/build.log" 2>&1; then
    tail -40 "$folder/build.log" >&2
    return 1
  fi
}

for kind in "${kinds[@]}"; do
  case $kind in
    address)
      folder=${FUZZ_BUILD_DIR:-$PWD/build-fuzz}
      echo "sanitize: the suite under ASan and UBSan ($folder)"
      CC=clang CXX=clang++ cmake -S . -B "$folder" -DARCHIVE_NEWS_FUZZ=ON -DARCHIVE_NEWS_WERROR=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
      build "$folder"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$folder" --output-on-failure -j "$jobs" -LE "no-asan|browser"
      ;;
    thread)
      folder=${TSAN_BUILD_DIR:-$PWD/build-tsan}
      echo "sanitize: the multi-threaded tests under TSan ($folder)"
      CC=clang CXX=clang++ cmake -S . -B "$folder" -DARCHIVE_NEWS_SANITIZE=thread \
        -DARCHIVE_NEWS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
      build "$folder" faults_threads newsarc
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir "$folder" --output-on-failure -j "$jobs" -L threads
      ;;
    *)
      echo "usage: scripts/sanitize.sh [address] [thread]" >&2
      exit 2
      ;;
  esac
done
