#!/usr/bin/env bash
# Rebuilds spec/vectors/ (bundle, digest listing, seal as JSON, and the history vector of three
# states with its listing) after a deliberate format change.
# The vector key pair is kept; delete it to make a new one. The seal is cut out of the bundle and
# decoded with stock tools only (od, dd, capnp), as spec/FORMAT.md section 17 does.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake --build "$build" -j "$(nproc)" --target unit_tests newsarc
NEWSARC_WRITE_VECTORS=1 "$build/tests/unit_tests" -tc="spec/vectors*"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vector=spec/vectors/vector.newsarc
footer=$(($(stat -c %s "$vector") - 192))
u64() { od -An -t u8 -j "$1" -N 8 "$vector" | tr -d ' '; }
dd if="$vector" of="$tmp/seal.bin" bs=1 skip="$(u64 "$footer")" count="$(u64 $((footer + 8)))" \
  status=none
capnp convert binary:json format/newsarc.capnp Seal <"$tmp/seal.bin" >spec/vectors/seal.json
# The states of the history vector, from its last footer back, by each seal's previousSeal.
history=spec/vectors/vector-history.newsarc
end=$(stat -c %s "$history")
while :; do
  at=$(od -An -t u8 -j $((end - 192)) -N 8 "$history" | tr -d ' ')
  size=$(od -An -t u8 -j $((end - 184)) -N 8 "$history" | tr -d ' ')
  dd if="$history" of="$tmp/state-seal.bin" bs=1 skip="$at" count="$size" status=none
  capnp convert binary:json format/newsarc.capnp Seal <"$tmp/state-seal.bin" >"$tmp/state-seal.json"
  echo "history: state $(jq -r .sequence "$tmp/state-seal.json"): bytes [0, $end), seal at $at ($size bytes)"
  prev=$(jq -r '.previousSeal // empty | "\(.offset) \(.tailSize)"' "$tmp/state-seal.json")
  [ -n "$prev" ] || break
  end=$((${prev% *} + ${prev#* }))
done
# The timestamped and X.509 vectors are the new vector with new tokens and signatures.
BUILD_DIR=$build bash scripts/make-timestamp-vector.sh >/dev/null
BUILD_DIR=$build bash scripts/make-x509-vector.sh >/dev/null
echo "spec/vectors rebuilt; review 'git diff spec/vectors', spec/FORMAT.md section 17 and its changelog"
