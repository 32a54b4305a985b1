#!/usr/bin/env bash
# A test PKI for RFC 3161 time-stamping authorities, made with the openssl command alone, for the
# test TSA (tsa_server.py) and the tests of timestamps. Nothing here is a secret: keys are made
# fresh on every run. Usage: make_test_pki.sh OUTDIR [SHORT_SECONDS]
#
# Files made in OUTDIR:
#   root.pem, root.key              "newsarc test TSA root": EC P-256, self-signed, CA:true
#   a.pem, a.key                    TSA "newsarc test TSA a": EC P-256, signed by root, ~1 year
#   b.pem, b.key                    TSA "newsarc test TSA b": EC P-384, signed by root, ~1 year
#                                   (another TSA, for renewals with sha384 or sha512)
#   short.pem, short.key            TSA "newsarc test TSA short": EC P-256, signed by root, valid
#                                   from an hour ago until SHORT_SECONDS (default 15) from now
#   server.pem, server.key          the test TSA's https certificate: "newsarc test TSA server",
#                                   EC P-256, signed by root, for IP 127.0.0.1 and localhost
#   other-root.pem, other-root.key  "newsarc test other root": an unrelated self-signed CA
#   rogue.pem, rogue.key            TSA "newsarc test TSA rogue": signed by other root
#   tsa.cnf                         `openssl ts -reply -config tsa.cnf -section NAME` for NAME in
#                                   a, b, short, rogue (serials in NAME.serial)
#   a.serial, b.serial, short.serial, rogue.serial
#   ca.cnf, ca-root/, ca-other/     the `openssl ca` configuration and databases that signed the
#                                   TSA certificates (kept for inspection)
# Every TSA certificate has keyUsage critical digitalSignature and extendedKeyUsage critical
# timeStamping (RFC 3161 2.3). Prints nothing on success; any failure stops it with openssl's
# message and a non-zero exit.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: make_test_pki.sh OUTDIR [SHORT_SECONDS]" >&2
  exit 2
fi
short_seconds=${2:-15}
if ! [[ $short_seconds =~ ^[0-9]+$ ]]; then
  echo "make_test_pki.sh: SHORT_SECONDS must be a whole number of seconds, not '$short_seconds'" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
cd "$out"
# The system's openssl.cnf plays no part: every command gets its configuration from here.
export OPENSSL_CONF=/dev/null

# run COMMAND...: runs it quietly; on failure prints what it said and stops.
run() {
  local log
  if ! log=$("$@" 2>&1); then
    echo "make_test_pki.sh: failed: $*" >&2
    echo "$log" >&2
    exit 1
  fi
}

# An openssl date (YYYYMMDDHHMMSSZ, UTC) SECONDS from now (negative: before now).
when() { date -u -d "@$(($(date +%s) + $1))" +%Y%m%d%H%M%SZ; }

cat >ca.cnf <<CNF
# openssl req and openssl ca settings for the test PKI (make_test_pki.sh).
[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = unused

[root_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[tsa_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[server_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ca_root]
dir = $out/ca-root
certificate = $out/root.pem
private_key = $out/root.key
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no

[ca_other]
dir = $out/ca-other
certificate = $out/other-root.pem
private_key = $out/other-root.key
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no

[policy_any]
commonName = supplied
CNF

key() {  # key NAME CURVE
  run openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -pkeyopt ec_param_enc:named_curve \
    -out "$1.key"
}

root() {  # root NAME SUBJECT_CN CADIR
  key "$1" P-256
  run openssl req -config ca.cnf -new -x509 -key "$1.key" -subj "/CN=$2" -days 3650 -sha256 \
    -extensions root_ext -set_serial 1 -out "$1.pem"
  mkdir -p "$3/new"
  : >"$3/index.txt"
  echo 1000 >"$3/serial"
}

tsa_cert() {  # tsa_cert NAME CURVE CA_SECTION START END [EXTENSIONS]
  key "$1" "$2"
  run openssl req -config ca.cnf -new -key "$1.key" -subj "/CN=newsarc test TSA $1" -out "$1.csr"
  run openssl ca -batch -config ca.cnf -name "$3" -extensions "${6:-tsa_ext}" -notext \
    -startdate "$4" -enddate "$5" -in "$1.csr" -out "$1.pem"
  rm -f "$1.csr"
  echo 01 >"$1.serial"
}

root root "newsarc test TSA root" "$out/ca-root"
root other-root "newsarc test other root" "$out/ca-other"
year=$((365 * 24 * 3600))
tsa_cert a P-256 ca_root "$(when -3600)" "$(when $year)"
tsa_cert b P-384 ca_root "$(when -3600)" "$(when $year)"
tsa_cert short P-256 ca_root "$(when -3600)" "$(when "$short_seconds")"
tsa_cert rogue P-256 ca_other "$(when -3600)" "$(when $year)"
tsa_cert server P-256 ca_root "$(when -3600)" "$(when $year)" server_ext
rm -f server.serial

# One section per TSA for openssl ts -reply (see the TSA section of openssl-ts(1)). The signer's
# certificate goes into a token when the query asks for it (certReq, `openssl ts -query -cert`).
# No `certs` line: it adds certificates after the signer's, and with the signer's own certificate
# a token would hold it twice. (crypto_device = builtin: no engine, and no warning that none is
# configured.)
{
  echo "# openssl ts -reply -config tsa.cnf -section NAME (make_test_pki.sh)."
  for name in a b short rogue; do
    cat <<CNF

[$name]
dir = $out
serial = \$dir/$name.serial
signer_cert = \$dir/$name.pem
signer_key = \$dir/$name.key
crypto_device = builtin
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2, 1.3.6.1.4.1.99999.3
digests = sha256, sha384, sha512
accuracy = secs:1, millisecs:500, microsecs:100
clock_precision_digits = 0
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
  done
} >tsa.cnf
