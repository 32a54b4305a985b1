#!/usr/bin/env bash
# Rebuilds spec/vectors/vector-timestamped.newsarc: spec/vectors/vector.newsarc with two RFC 3161
# timestamps made by stock `openssl ts -reply` (spec/FORMAT.md 17.3): token 0 over the seal alone
# (an `openssl ts -query -data seal.bin`), token 1 a renewal over the seal, the signature and
# token 0, with sha384. The test TSA's PKI is made afresh (tests/support/tsa/make_test_pki.sh);
# only its root certificate is kept, in spec/vectors/timestamp/. A token holds the time it was
# made, so the bundle differs on every run: the vector test checks the committed one, as of the
# time in spec/vectors/timestamp/as-of.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
newsarc=$build/newsarc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=spec/vectors/timestamp
export OPENSSL_CONF=/dev/null
bash tests/support/tsa/make_test_pki.sh "$tmp/pki"
cp spec/vectors/vector.newsarc "$tmp/v.newsarc"
"$newsarc" seal "$tmp/v.newsarc" -o "$tmp/seal" >/dev/null
openssl ts -query -data "$tmp/seal/seal.bin" -sha256 -cert -no_nonce -out "$tmp/q0.tsq" 2>/dev/null
openssl ts -reply -queryfile "$tmp/q0.tsq" -config "$tmp/pki/tsa.cnf" -section a \
  -out "$tmp/r0.tsr" 2>/dev/null
"$newsarc" timestamp "$tmp/v.newsarc" --tsr "$tmp/r0.tsr"
"$newsarc" timestamp "$tmp/v.newsarc" --renew --hash sha384 --request-out "$tmp/q1.tsq" >/dev/null
openssl ts -reply -queryfile "$tmp/q1.tsq" -config "$tmp/pki/tsa.cnf" -section b \
  -out "$tmp/r1.tsr" 2>/dev/null
"$newsarc" timestamp "$tmp/v.newsarc" --tsr "$tmp/r1.tsr"
mkdir -p "$out"
cp "$tmp/pki/root.pem" "$out/tsa-root.pem"
cp "$tmp/v.newsarc" spec/vectors/vector-timestamped.newsarc
# A day after the tokens were made: within every certificate's validity.
date -u -d "@$(($(date +%s) + 86400))" +%Y-%m-%dT%H:%M:%SZ >"$out/as-of"
"$newsarc" verify spec/vectors/vector-timestamped.newsarc --key spec/vectors/vector-key.pub \
  --tsa-ca "$out/tsa-root.pem" --as-of "$(cat "$out/as-of")" | grep timestamp
echo "spec/vectors/vector-timestamped.newsarc rebuilt; review spec/FORMAT.md 17.3"
