#!/usr/bin/env bash
# postTimestampQuery (archive_news/tsa_client.h) through tsa_post against the local test TSA
# (tests/support/tsa/tsa.sh): real queries made by `openssl ts -query` get replies that
# `openssl ts -verify` accepts, and every fault path fails with its own reason, retried or not as
# the header promises. With a third argument (a tsa_post built statically whose libcurl cannot be
# found), also: the static build needs no libcurl until a TSA is asked, then says so clearly.
# Usage: bash tsa_client_test.sh TSA_POST SOURCE_DIR [TSA_POST_NO_CURL]
TSA_POST_NO_CURL=${3:+$(realpath "$3")}  # before lib.sh changes into its work folder
# shellcheck source=../cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
TSA_POST=$NEWSARC
# shellcheck source=../support/tsa/tsa.sh
source "$SRC/tests/support/tsa/tsa.sh"
trap 'stop_tsa; rm -rf "$WORK" "$OUTPUT"' EXIT
export OPENSSL_CONF=/dev/null  # the system's openssl.cnf plays no part

TSA_SHORT_SECONDS=4 start_tsa "$WORK/pki"  # short.pem expires 4 s from now
pki=$TSA_PKI

# count PATH: how many POSTs the server received at PATH (/a, /status500, ...).
count() { python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1]).read().decode().strip())' "$TSA_URL/count$1"; }

# asked PATH N: the server received N POSTs at PATH.
asked() {
  local got
  got=$(count "$1")
  if [ "$got" = "$2" ]; then pass; else fail "$1 was asked $got times, expected $2"; fi
}

# ts_verify QUERY REPLY CAFILE [ARGS...]: openssl ts -verify says OK (its output in
# $OUTPUT/verify).
ts_verify() {
  local query=$1 reply=$2 ca=$3
  shift 3
  openssl ts -verify -queryfile "$query" -in "$reply" -CAfile "$ca" "$@" >"$OUTPUT/verify" 2>&1 &&
    grep -q '^Verification: OK' "$OUTPUT/verify"
}

# refused QUERY REPLY CAFILE [ARGS...]: openssl ts -verify does not accept the reply.
refused() { if ts_verify "$@"; then fail "openssl ts -verify accepts $2 with $3"; else pass; fi; }

# verifies QUERY REPLY [CAFILE [ARGS...]]: openssl ts -verify accepts the reply for the query.
verifies() {
  if ts_verify "$1" "$2" "${3:-$TSA_ROOT}" "${@:4}"; then
    pass
  else
    fail "openssl ts -verify refuses $2 for $1"
    sed 's/^/  verify: /' "$OUTPUT/verify" >&2
  fi
}

echo "an article, to be timestamped" >data.txt
openssl ts -query -data data.txt -sha256 -cert -no_nonce -out plain.tsq 2>/dev/null
openssl ts -query -data data.txt -sha256 -cert -out nonce.tsq 2>/dev/null
openssl ts -query -data data.txt -sha384 -out nocert.tsq 2>/dev/null

# --- The short TSA (first: its certificate expires 4 s after start_tsa): a token that verifies
expect 0 "$TSA_POST" "$TSA_URL/short" plain.tsq short.tsr
verifies plain.tsq short.tsr
if [ "$TSA_SHORT_EXPIRES" -le $(($(date +%s) + 4)) ]; then pass; else fail "short.pem lasts"; fi

# --- Real replies ---------------------------------------------------------------------------
expect 0 "$TSA_POST" "$TSA_URL/a" plain.tsq plain.tsr
verifies plain.tsq plain.tsr
expect 0 "$TSA_POST" "$TSA_URL/a" nonce.tsq nonce.tsr
verifies nonce.tsq nonce.tsr
openssl ts -reply -in nonce.tsr -text >"$OUTPUT/out" 2>/dev/null
contains out "Nonce: 0x"
contains out "TSA: DirName:/CN=newsarc test TSA a"
# No certificate asked for: the TSA's own certificate comes from -untrusted.
expect 0 "$TSA_POST" "$TSA_URL/b" nocert.tsq nocert.tsr
refused nocert.tsq nocert.tsr "$TSA_ROOT"
verifies nocert.tsq nocert.tsr "$TSA_ROOT" -untrusted "$pki/b.pem"
# The rogue TSA's reply is a valid token, of another root.
expect 0 "$TSA_POST" "$TSA_URL/rogue" plain.tsq rogue.tsr
verifies plain.tsq rogue.tsr "$TSA_ROGUE_ROOT"
refused plain.tsq rogue.tsr "$TSA_ROOT"
# A 307 is followed and the POST repeated.
expect 0 "$TSA_POST" "$TSA_URL/moved" plain.tsq moved.tsr
verifies plain.tsq moved.tsr
asked /moved 1
# user:password@ reaches the server but never a message.
expect 0 "$TSA_POST" "http://user:secret@${TSA_URL#http://}/a" plain.tsq cred.tsr
expect 1 "$TSA_POST" "http://user:secret@${TSA_URL#http://}/missing" plain.tsq out.tsr
contains err "tsa_post: i/o error: http://${TSA_URL#http://}/missing: HTTP status 404"
lacks err "secret"

# --- https: the server's certificate checked against the caFile, or the system's store ------
expect 0 "$TSA_POST" "$TSA_HTTPS_URL/a" nonce.tsq https.tsr --ca-file "$TSA_ROOT"
verifies nonce.tsq https.tsr
expect 1 "$TSA_POST" "$TSA_HTTPS_URL/a" nonce.tsq out.tsr --ca-file "$TSA_ROGUE_ROOT"
contains err "i/o error: $TSA_HTTPS_URL/a: the server's TLS certificate is not trusted"
contains err "expected one that $TSA_ROGUE_ROOT trusts"
expect 1 "$TSA_POST" "$TSA_HTTPS_URL/a" nonce.tsq out.tsr
contains err "the server's TLS certificate is not trusted"
contains err "expected one the system trusts"
expect 1 "$TSA_POST" "$TSA_HTTPS_URL/a" nonce.tsq out.tsr --ca-file "$WORK/no-such.pem"
contains err "cannot read the CA certificates"
asked /a 5  # plain, nonce, credentials, https, and /moved's redirect
# Several threads at once (one curl_global_init, a handle each).
expect 0 "$TSA_POST" "$TSA_URL/a" nonce.tsq threads.tsr --threads 8
verifies nonce.tsq threads.tsr
asked /a 13

# --- Faults ---------------------------------------------------------------------------------
# 5xx: retried, up to --attempts in all, then the status.
expect 1 "$TSA_POST" "$TSA_URL/status500" plain.tsq out.tsr --attempts 3
contains err "i/o error: $TSA_URL/status500: HTTP status 500: expected 200 (after 3 attempts)"
asked /status500 3
expect 1 "$TSA_POST" "$TSA_URL/status500" plain.tsq out.tsr --attempts 1
contains err "(after 1 attempt)"
asked /status500 4
# Not retried: a wrong Content-Type, an empty body, a 404.
expect 1 "$TSA_POST" "$TSA_URL/wrongtype" plain.tsq out.tsr
contains err "Content-Type 'text/html': expected application/timestamp-reply"
asked /wrongtype 1
expect 1 "$TSA_POST" "$TSA_URL/empty" plain.tsq out.tsr
contains err "empty reply body: expected a DER TimeStampResp"
expect 1 "$TSA_POST" "$TSA_URL/nosuch" plain.tsq out.tsr
contains err "HTTP status 404: expected 200"
asked /nosuch 1
# Garbage with the right type is the transport's success: the bytes are checked elsewhere.
expect 0 "$TSA_POST" "$TSA_URL/garbage" plain.tsq garbage.tsr
if [ "$(cat garbage.tsr)" = "this is not DER at all" ]; then pass; else fail "garbage changed"; fi
if openssl ts -reply -in garbage.tsr -text >/dev/null 2>&1; then
  fail "openssl reads the garbage as a TimeStampResp"
else
  pass
fi
# Over the limit: announced by Content-Length, or found while reading a reply without one.
expect 1 "$TSA_POST" "$TSA_URL/a" plain.tsq out.tsr --max-size 100
contains err "reply body over the limit of 100 bytes"
expect 1 "$TSA_POST" "$TSA_URL/big" plain.tsq out.tsr
contains err "reply body over the limit of 1048576 bytes"
asked /big 1
# Timeouts: each attempt stops at --timeout-ms, and is retried.
started=$(date +%s%N)
expect 1 "$TSA_POST" "$TSA_URL/slow" plain.tsq out.tsr --timeout-ms 300 --attempts 2
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
contains err "timed out: no whole reply within 300 ms (after 2 attempts)"
asked /slow 2
if [ "$elapsed_ms" -lt 4000 ]; then pass; else fail "2 attempts of 300 ms took $elapsed_ms ms"; fi
# A reply cut short is retried.
expect 1 "$TSA_POST" "$TSA_URL/drop" plain.tsq out.tsr --attempts 2
contains err "the connection failed before the whole reply arrived"
contains err "(after 2 attempts)"
# Redirects: at most 3, and to http or https only.
expect 1 "$TSA_POST" "$TSA_URL/loop" plain.tsq out.tsr
contains err "more than 3 redirects: expected at most 3"
asked /loop 4
expect 1 "$TSA_POST" "$TSA_URL/toftp" plain.tsq out.tsr
contains err "expected http or https, redirects included"
# Connection refused: a port nothing listens on (bound, then closed), retried.
closed_port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
expect 1 "$TSA_POST" "http://127.0.0.1:$closed_port/a" plain.tsq out.tsr --attempts 2
contains err "tsa_post: i/o error: http://127.0.0.1:$closed_port/a: connection refused"
contains err "(after 2 attempts)"
# https against a plain HTTP server: the TLS handshake fails, not retried.
expect 1 "$TSA_POST" "https://${TSA_URL#http://}/a" plain.tsq out.tsr --ca-file "$TSA_ROOT"
contains err "i/o error: https://${TSA_URL#http://}/a: TLS handshake failed"
# The caller's mistakes, before any network I/O.
expect 1 "$TSA_POST" "ftp://127.0.0.1/a" plain.tsq out.tsr
contains err "invalid argument: ftp://127.0.0.1/a: scheme 'ftp' not allowed: expected http or https"
expect 1 "$TSA_POST" "file:///etc/passwd" plain.tsq out.tsr
contains err "scheme 'file' not allowed"
expect 1 "$TSA_POST" "127.0.0.1/a" plain.tsq out.tsr
contains err "not a URL: expected http://HOST/PATH or https://HOST/PATH"
: >empty.tsq
expect 1 "$TSA_POST" "$TSA_URL/a" empty.tsq out.tsr
contains err "empty query: expected a DER TimeStampReq"

# --- The short TSA's token, once its certificate has expired ---------------------------------
while [ "$(date +%s)" -le "$TSA_SHORT_EXPIRES" ]; do sleep 0.2; done
if ts_verify plain.tsq short.tsr "$TSA_ROOT"; then
  fail "short's token still verifies after short.pem expired"
else
  if grep -q "certificate has expired" "$OUTPUT/verify"; then
    pass
  else
    fail "openssl refuses short's token for another reason: $(cat "$OUTPUT/verify")"
  fi
fi
verifies plain.tsq plain.tsr  # a's, as before

# --- The static build: libcurl only when a TSA is asked --------------------------------------
if [ -n "$TSA_POST_NO_CURL" ]; then
  if readelf -d "$TSA_POST" | grep -q 'NEEDED.*libcurl'; then
    fail "$TSA_POST links libcurl: it should load it on first use"
  else
    pass
  fi
  # The caller's mistakes need no libcurl ...
  expect 1 "$TSA_POST_NO_CURL" "ftp://127.0.0.1/a" plain.tsq out.tsr
  contains err "scheme 'ftp' not allowed"
  # ... a request does, and says so.
  expect 1 "$TSA_POST_NO_CURL" "$TSA_URL/a" plain.tsq out.tsr
  contains err "tsa_post: i/o error: $TSA_URL/a: libcurl-absent.so.4: cannot be loaded"
  contains err "timestamps from a time-stamping authority need it"
fi

finish
