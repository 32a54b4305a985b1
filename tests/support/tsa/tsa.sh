# The test TSA (tsa_server.py) for bash tests. Source this file, then:
#   start_tsa PKI_DIR   starts the server on 127.0.0.1 in the background, waits up to 10 s for it to
#                       listen, and sets TSA_URL (http://127.0.0.1:PORT, without a path: add /a,
#                       /b, /short, /rogue, ...) and TSA_PID. Its log (one line a request) goes to
#                       $TSA_LOG when set, else to the file TSA_LOG_FILE names, which stop_tsa
#                       removes.
#   stop_tsa            stops it (SIGTERM, then waits). Safe to call twice, or when none runs.
# Typical use: start_tsa "$pki"; trap 'stop_tsa; ...' EXIT. Nothing outside the test's own files
# and 127.0.0.1 is touched.
TSA_SUPPORT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TSA_PID=
TSA_URL=
TSA_STATE=
TSA_LOG_FILE=

start_tsa() {
  local pki=$1 port_file waited=0
  TSA_STATE=$(mktemp -d "${TMPDIR:-/tmp}/newsarc-tsa.XXXXXX")
  port_file=$TSA_STATE/port
  TSA_LOG_FILE=${TSA_LOG:-$TSA_STATE/server.log}
  python3 "$TSA_SUPPORT_DIR/tsa_server.py" --pki "$pki" --port-file "$port_file" 2>"$TSA_LOG_FILE" &
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
  export TSA_URL TSA_PID
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
