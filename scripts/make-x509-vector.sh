#!/usr/bin/env bash
# Rebuilds spec/vectors/vector-x509.newsarc: spec/vectors/vector.newsarc with two X.509
# signatures besides its minisign one (spec/FORMAT.md 7.3.1, 17.4): signature 1 by a P-256
# certificate, signature 2 by an Ed25519 one (RFC 8419), each issued by a test intermediate CA
# under a test root, the intermediate carried in the record. The PKI is made afresh with stock
# openssl, its certificates valid for a century; only the root certificate is kept, as
# spec/vectors/x509/root.pem. ECDSA signatures and signing times differ on every run: the vector
# test checks the committed bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
newsarc=$(realpath "$build/newsarc")
out=$PWD/spec/vectors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENSSL_CONF=/dev/null
cd "$tmp"
printf '%s\n' 'basicConstraints = critical, CA:TRUE' 'keyUsage = critical, keyCertSign, cRLSign' \
  'subjectKeyIdentifier = hash' 'authorityKeyIdentifier = keyid' >ca.ext
printf '%s\n' 'basicConstraints = critical, CA:FALSE' \
  'keyUsage = critical, digitalSignature, nonRepudiation' 'subjectKeyIdentifier = hash' \
  'authorityKeyIdentifier = keyid' >leaf.ext
days=36500
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out root.key 2>/dev/null
openssl req -x509 -new -key root.key -subj "/O=newsarc test vectors/CN=Vector Root CA" \
  -days $days -out root.pem -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
issue() {  # issue NAME SUBJECT ISSUER EXTFILE
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days $days \
    -extfile "$4" -out "$1.pem" 2>/dev/null
}
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out intermediate.key 2>/dev/null
issue intermediate "/O=newsarc test vectors/CN=Vector Intermediate CA" root ca.ext
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.key 2>/dev/null
issue p256 "/O=Example News/CN=Vector Publisher P-256" intermediate leaf.ext
openssl genpkey -algorithm ED25519 -out ed.key 2>/dev/null
issue ed "/O=Example News/CN=Vector Publisher Ed25519" intermediate leaf.ext
cp "$out/vector.newsarc" v.newsarc
"$newsarc" sign v.newsarc --cert p256.pem --cert-key p256.key --chain intermediate.pem
"$newsarc" sign v.newsarc --cert ed.pem --cert-key ed.key --chain intermediate.pem
mkdir -p "$out/x509"
cp root.pem "$out/x509/root.pem"
cp v.newsarc "$out/vector-x509.newsarc"
"$newsarc" verify "$out/vector-x509.newsarc" --key "$out/vector-key.pub" --ca "$out/x509/root.pem" |
  grep -E 'signature|trusted'
echo "spec/vectors/vector-x509.newsarc rebuilt; review spec/FORMAT.md 17.4"
