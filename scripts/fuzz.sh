#!/usr/bin/env bash
# Runs each libFuzzer target of tests/fuzz/ for a bounded time, from its seed corpus and (for the
# bundle targets) the broken-file corpus tests/data/invalid/.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 seconds, every target)
#
# Builds with clang and -DARCHIVE_NEWS_FUZZ=ON (ASan + UBSan + libFuzzer) in $FUZZ_BUILD_DIR
# (default /tmp/newsarc-fuzz-build); $FUZZ_JOBS parallel jobs per target (default 1). New inputs go
# to a scratch folder, not the repository. A crash leaves crash-* / leak-* / timeout-* files in
# $FUZZ_ARTIFACTS (default /tmp/newsarc-fuzz-artifacts) and makes this script fail: copy the file
# into tests/fuzz/corpus/<target>/ (the replay tests then run it for ever), fix the bug, rerun.
# Prints the executions of each target, the counts spec/SECURITY.md quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
# Every target is a file tests/fuzz/fuzz_<target>.cpp, as tests/fuzz/CMakeLists.txt finds them.
mapfile -t all < <(cd tests/fuzz && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//')
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
build=${FUZZ_BUILD_DIR:-$PWD/build-fuzz}
artifacts=${FUZZ_ARTIFACTS:-/tmp/newsarc-fuzz-artifacts}
mkdir -p "$artifacts"

CC=clang CXX=clang++ cmake -S . -B "$build" -DARCHIVE_NEWS_FUZZ=ON -DARCHIVE_NEWS_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if ! cmake --build "$build" -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") \
  >"$artifacts/build.log" 2>&1; then
  tail -40 "$artifacts/build.log" >&2
  exit 1
fi

failed=0
total=0
for t in "${targets[@]}"; do
  scratch=$(mktemp -d)
  seeds=("$PWD/tests/fuzz/corpus/$t")
  max_len=4096
  case $t in
    open_list | read_all | verify)
      seeds+=("$PWD/tests/data/invalid")
      max_len=16384
      ;;
  esac
  log=$scratch/log
  # -timeout: one input may take at most 10 s; -rss_limit_mb: hostile input must not balloon.
  # From the scratch folder: with -jobs libFuzzer writes fuzz-N.log into the current folder.
  if ! (cd "$scratch" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
    "$build/tests/fuzz/fuzz_$t" "$scratch" "${seeds[@]}" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
    -jobs="${FUZZ_JOBS:-1}" -workers="${FUZZ_JOBS:-1}" \
    -artifact_prefix="$artifacts/$t-" >"$log" 2>&1); then
    echo "fuzz: $t FAILED; log and artifacts:" >&2
    tail -40 "$log" >&2
    ls "$artifacts" >&2
    failed=1
  fi
  runs=$(cat "$log" "$scratch"/fuzz-*.log 2>/dev/null | grep 'stat::number_of_executed_units' |
    awk '{s += $2} END {print s + 0}' || true)
  total=$((total + runs))
  echo "fuzz: $t: $runs executions in ${seconds}s"
  rm -rf "$scratch"
done
echo "fuzz: $total executions in all"
exit $failed
