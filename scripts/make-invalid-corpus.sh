#!/usr/bin/env bash
# Rebuilds the broken-file corpus tests/data/invalid/ (files and MANIFEST.tsv) from
# tests/internal/adversarial_corpus_test.cpp. Run after a deliberate format change, review the
# printed outcomes and the diff of MANIFEST.tsv, then commit.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-$PWD/build-invalid}
cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)" --target unit_tests >/dev/null
NEWSARC_WRITE_INVALID=1 "$build/tests/unit_tests" \
  --test-case='every file of the broken-file corpus fails exactly as its manifest says' --success=false
