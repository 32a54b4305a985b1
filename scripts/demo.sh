#!/usr/bin/env bash
# The main job, start to finish: build newsarc, make a key pair, pack the sample articles into a
# signed bundle, list it, verify it, and extract it again. The README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${BUILD_DIR:-build}
cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)" --target newsarc
newsarc="$build/newsarc"
demo=out/demo
rm -rf "$demo"
mkdir -p "$demo"

run() {
  echo "\$ $*"
  "$@"
  echo
}

run "$newsarc" keygen -p "$demo/archive.pub" -s "$demo/archive.key" --no-password
run "$newsarc" pack samples -o "$demo/samples.newsarc" --sign "$demo/archive.key" \
  --signer "newsarc demo" --title "newsarc sample articles"
run "$newsarc" list "$demo/samples.newsarc"
run "$newsarc" info "$demo/samples.newsarc"
run "$newsarc" verify "$demo/samples.newsarc" --key "$demo/archive.pub"
run "$newsarc" extract "$demo/samples.newsarc" -o "$demo/extracted"
run "$newsarc" manifest "$demo/samples.newsarc" -o "$demo/proof"
run minisign -Vm "$demo/proof/manifest.bin" -x "$demo/proof/signature-0.minisig" -p "$demo/archive.pub"
echo "The extracted folders hold exactly the packed files:"
run diff -r --exclude=README.md samples/seed-article \
  "$demo/extracted/urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance"
run diff -r samples/busan-ferries "$demo/extracted/urn_newsarc_samples_2024-03-01_busan-ferries"
echo "demo: all steps succeeded"
