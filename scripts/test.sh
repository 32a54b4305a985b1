#!/usr/bin/env bash
# Builds newsarc and runs every test (unit, CLI, interoperability). The README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DARCHIVE_NEWS_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)"

# Fuzzing (issue 4, spec/SECURITY.md): each libFuzzer target for 10 seconds, built with clang,
# ASan and UBSan in its own folder.
bash scripts/fuzz.sh "${FUZZ_SECONDS:-10}"

# Sanitizers (issue 4, spec/SECURITY.md): the whole suite under ASan and UBSan, and the
# multi-threaded tests under TSan, each in a build folder of its own.
bash scripts/sanitize.sh

# Last, so that ctest's summary closes the output.
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
