#!/usr/bin/env bash
# Rebuilds spec/vectors/ (bundle, digest listing, seal as JSON) after a deliberate format change.
# The vector key pair is kept; delete it to make a new one. The seal is cut out of the bundle and
# decoded with stock tools only (od, dd, capnp), as spec/FORMAT.md section 17 does.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake --build "$build" -j "$(nproc)" --target unit_tests
NEWSARC_WRITE_VECTORS=1 "$build/tests/unit_tests" -tc="spec/vectors*"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vector=spec/vectors/vector.newsarc
footer=$(($(stat -c %s "$vector") - 192))
u64() { od -An -t u8 -j "$1" -N 8 "$vector" | tr -d ' '; }
dd if="$vector" of="$tmp/seal.bin" bs=1 skip="$(u64 "$footer")" count="$(u64 $((footer + 8)))" \
  status=none
capnp convert binary:json format/newsarc.capnp Seal <"$tmp/seal.bin" >spec/vectors/seal.json
echo "spec/vectors rebuilt; review 'git diff spec/vectors', spec/FORMAT.md section 17 and its changelog"
