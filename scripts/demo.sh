#!/usr/bin/env bash
# The main job, start to finish: build newsarc, make a key pair, pack the sample articles (article
# folders and ninjs documents) into a signed bundle with a search index, list, show, search and
# verify it, prove one article alone, add a second signature and verify against a keyring,
# extract it to folders, to a .tar.zst and as IPTC ninjs, pack those again into the same
# articles, and export a web site that headless Chromium checks, timestamp it with an RFC 3161
# time-stamping authority (the test TSA of tests/support/tsa, on 127.0.0.1 only) and verify the
# proven time, and check the exported seal with stock minisign, capnp and openssl ts. The
# README's first command.
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

# The local test TSA stands in for a public one (freetsa.org, DigiCert, ...): the demo needs no
# network beyond 127.0.0.1. Its test PKI is made afresh in $demo/tsa-pki.
source tests/support/tsa/tsa.sh
trap stop_tsa EXIT

run "$newsarc" keygen -p "$demo/archive.pub" -s "$demo/archive.key" --no-password
run "$newsarc" pack samples -o "$demo/samples.newsarc" --sign "$demo/archive.key" \
  --signer "newsarc demo" --title "newsarc sample articles" --index
run "$newsarc" list "$demo/samples.newsarc"
run "$newsarc" list "$demo/samples.newsarc" --since 2020-01-01 --match ferr
run "$newsarc" show "$demo/samples.newsarc" urn:newsarc:samples:2024-03-01:busan-ferries
run "$newsarc" info "$demo/samples.newsarc"
echo "Full-text search, in Korean and with a field and a date range:"
run "$newsarc" search "$demo/samples.newsarc" 여객선
run "$newsarc" search "$demo/samples.newsarc" 'byline:lee date:2023-10..2023-10'
run "$newsarc" verify "$demo/samples.newsarc" --key "$demo/archive.pub"
echo "One article proved alone, along its path of pages from the signed seal:"
run "$newsarc" verify "$demo/samples.newsarc" --key "$demo/archive.pub" \
  --article urn:newsarc:samples:2024-03-01:busan-ferries
echo "A second signer, the library that received the bundle, countersigns it in place:"
mkdir -p "$demo/keyring"
run "$newsarc" keygen -p "$demo/keyring/library.pub" -s "$demo/library.key" --no-password \
  --comment "city library archive key"
cp "$demo/archive.pub" "$demo/keyring/"
run "$newsarc" sign "$demo/samples.newsarc" --key "$demo/library.key" --comment "received by the city library"
run "$newsarc" info "$demo/samples.newsarc"
run "$newsarc" verify "$demo/samples.newsarc" --keyring "$demo/keyring" --quick
run "$newsarc" extract "$demo/samples.newsarc" -o "$demo/extracted"
run "$newsarc" extract "$demo/samples.newsarc" -o "$demo/samples.tar.zst"
echo "The same articles packed again from the .tar.zst, read in place:"
run "$newsarc" pack "$demo/samples.tar.zst" -o "$demo/again.newsarc"
"$newsarc" list "$demo/samples.newsarc" --json >"$demo/list1.jsonl"
"$newsarc" list "$demo/again.newsarc" --json >"$demo/list2.jsonl"
run cmp "$demo/list1.jsonl" "$demo/list2.jsonl"
echo "The same articles as IPTC ninjs 2.x documents (spec/NINJS.md), one of them shown, and packed again:"
run "$newsarc" extract "$demo/samples.newsarc" -o "$demo/ninjs" --format ninjs
run "$newsarc" show "$demo/samples.newsarc" urn:newsarc:samples:2024-03-01:busan-ferries --format ninjs
run "$newsarc" pack "$demo/ninjs" -o "$demo/from-ninjs.newsarc" --quiet
"$newsarc" list "$demo/from-ninjs.newsarc" --json >"$demo/list3.jsonl"
run cmp "$demo/list1.jsonl" "$demo/list3.jsonl"
run "$newsarc" extract "$demo/samples.newsarc" -o "$demo/site" --format html
echo "The web site in headless Chromium: every image loads, every link resolves, no console error,"
echo "nothing asked for but its own files:"
"$newsarc" list "$demo/samples.newsarc" --json >"$demo/headlines.jsonl"
run python3 tests/browser/check_site.py "$demo/site" --headlines "$demo/headlines.jsonl"
echo "A proof of existence that outlives the signing keys: an RFC 3161 timestamp over the seal and"
echo "both signatures, from a time-stamping authority (the local test TSA), checked against its root:"
start_tsa "$demo/tsa-pki" >/dev/null
run "$newsarc" timestamp "$demo/samples.newsarc" --tsa "$TSA_URL/a"
run "$newsarc" verify "$demo/samples.newsarc" --keyring "$demo/keyring" --tsa-ca "$TSA_ROOT"
stop_tsa
echo "The seal, what every signature and timestamp covers, checked and decoded by stock minisign,"
echo "openssl ts and capnp:"
run "$newsarc" seal "$demo/samples.newsarc" -o "$demo/proof"
run openssl ts -verify -token_in -in "$demo/proof/timestamp-0.tst" \
  -data "$demo/proof/timestamp-0.data" -CAfile "$TSA_ROOT"
run minisign -Vm "$demo/proof/seal.bin" -x "$demo/proof/signature-0.minisig" -p "$demo/archive.pub"
run capnp convert binary:json "$demo/proof/schema.capnp" Seal <"$demo/proof/seal.bin"
echo "The extracted folders hold exactly the packed files:"
run diff -r --exclude=README.md samples/seed-article \
  "$demo/extracted/urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance"
run diff -r samples/busan-ferries "$demo/extracted/urn_newsarc_samples_2024-03-01_busan-ferries"
echo "demo: all steps succeeded; open $demo/site/index.html in a web browser"
