# The test TSA (tsa_server.py) for bash tests: a real RFC 3161 time-stamping authority on
# 127.0.0.1 (`openssl ts -reply` behind a small HTTP server), with its own test PKI.
#
#   source "$SRC/tests/support/tsa/tsa.sh"
#   start_tsa "$WORK/pki"              # makes the PKI there first if it holds no tsa.cnf
#   trap 'stop_tsa; rm -rf "$WORK"' EXIT
#   newsarc timestamp --tsa "$TSA_URL/a" ...
#   newsarc verify --tsa-ca "$TSA_ROOT" ...        # trusted: tokens of a, b and short verify
#   newsarc verify --tsa-ca "$TSA_ROGUE_ROOT" ...  # the root of /rogue only, not of a, b, short
#
# start_tsa PKI_DIR
#   Makes the test PKI in PKI_DIR with make_test_pki.sh unless PKI_DIR/tsa.cnf exists (the `short`
#   TSA's certificate then expires TSA_SHORT_SECONDS, default 15, seconds from now: sign with
#   $TSA_URL/short, wait past $TSA_SHORT_EXPIRES, and its tokens no longer verify at the present
#   time). Starts tsa_server.py on 127.0.0.1 in the background, waits up to 10 s for it to listen,
#   and sets and exports:
#     TSA_URL         http://127.0.0.1:PORT, without a path. Append a TSA: /a, /b (P-384), /short,
#                     /rogue; or a fault: /status500, /wrongtype, /garbage, /empty, /big, /slow
#                     (5 s), /drop, /moved (307 to /a), /loop, /toftp; anything else is 404.
#                     GET $TSA_URL/count and /count/NAME: how many POSTs it received.
#     TSA_HTTPS_URL   https://127.0.0.1:PORT2: the same over TLS, with a certificate for 127.0.0.1
#                     that TSA_ROOT issued (curl --cacert "$TSA_ROOT", tsa_client's caFile)
#     TSA_PKI         PKI_DIR as an absolute path (DIR/a.pem, DIR/short.pem ... are the TSA
#                     certificates; make_test_pki.sh lists every file)
#     TSA_ROOT        PKI_DIR/root.pem, the root CA of a, b and short
#     TSA_ROGUE_ROOT  PKI_DIR/other-root.pem, the unrelated root CA of rogue
#     TSA_SHORT_EXPIRES  when short.pem expires, in seconds since the epoch
#     TSA_PID         the server's process id
#   It also unsets the proxy variables (http_proxy, ...) and sets no_proxy=127.0.0.1 in the
#   test's shell: libcurl and curl honour them, and a proxy must not see the local TSA.
#   Its log (one line a request) goes to $TSA_LOG when set, else to a file stop_tsa removes.
#   Returns non-zero (with the server's log on stderr) when it cannot start.
# stop_tsa
#   Stops it (SIGTERM, then waits) and removes its state. Safe to call twice, or when none runs.
# Nothing outside the test's own files and 127.0.0.1 is touched.
TSA_SUPPORT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TSA_PID=
TSA_URL=
TSA_HTTPS_URL=
TSA_STATE=
TSA_LOG_FILE=
TSA_PKI=
TSA_ROOT=
TSA_ROGUE_ROOT=
TSA_SHORT_EXPIRES=

start_tsa() {
  local pki=$1 port_file waited=0
  if [ ! -f "$pki/tsa.cnf" ]; then
    bash "$TSA_SUPPORT_DIR/make_test_pki.sh" "$pki" "${TSA_SHORT_SECONDS:-15}" || return 1
  fi
  TSA_PKI=$(cd "$pki" && pwd)
  TSA_ROOT=$TSA_PKI/root.pem
  TSA_ROGUE_ROOT=$TSA_PKI/other-root.pem
  TSA_SHORT_EXPIRES=$(date -d "$(openssl x509 -in "$TSA_PKI/short.pem" -noout -enddate |
    sed 's/^notAfter=//')" +%s)
  export TSA_PKI TSA_ROOT TSA_ROGUE_ROOT TSA_SHORT_EXPIRES
  unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
  export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
  TSA_STATE=$(mktemp -d "${TMPDIR:-/tmp}/newsarc-tsa.XXXXXX")
  port_file=$TSA_STATE/port
  TSA_LOG_FILE=${TSA_LOG:-$TSA_STATE/server.log}
  python3 "$TSA_SUPPORT_DIR/tsa_server.py" --pki "$TSA_PKI" --port-file "$port_file" \
    --tls-port-file "$TSA_STATE/tls-port" 2>"$TSA_LOG_FILE" &
  TSA_PID=$!
  while [ ! -s "$port_file" ]; do
    if ! kill -0 "$TSA_PID" 2>/dev/null; then
      echo "start_tsa: the server exited:" >&2
      cat "$TSA_LOG_FILE" >&2
      TSA_PID=
      return 1
    fi
    if [ $waited -ge 100 ]; then
      echo "start_tsa: the server did not listen within 10 s" >&2
      stop_tsa
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  TSA_URL=http://127.0.0.1:$(cat "$port_file")
  TSA_HTTPS_URL=https://127.0.0.1:$(cat "$TSA_STATE/tls-port")
  export TSA_URL TSA_HTTPS_URL TSA_PID
}

stop_tsa() {
  if [ -n "$TSA_PID" ]; then
    kill "$TSA_PID" 2>/dev/null || true
    wait "$TSA_PID" 2>/dev/null || true
    TSA_PID=
  fi
  if [ -n "$TSA_STATE" ]; then
    rm -rf "$TSA_STATE"
    TSA_STATE=
  fi
}
