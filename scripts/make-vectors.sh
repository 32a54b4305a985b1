#!/usr/bin/env bash
# Rebuilds spec/vectors/ (bundle, digest listing, manifest JSON) after a deliberate format
# change. The vector key pair is kept; delete it to make a new one.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake --build "$build" -j "$(nproc)"
NEWSARC_WRITE_VECTORS=1 "$build/tests/unit_tests" -tc="spec/vectors*"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/newsarc" manifest spec/vectors/vector.newsarc -o "$tmp" >/dev/null
capnp convert binary:json "$tmp/schema.capnp" Manifest <"$tmp/manifest.bin" >spec/vectors/manifest.json
echo "spec/vectors rebuilt; review 'git diff spec/vectors' and the changelog in spec/FORMAT.md"
