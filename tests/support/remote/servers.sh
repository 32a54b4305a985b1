# Web servers on 127.0.0.1 for the remote reading tests, started and stopped by the test.
#
#   source "$SRC/tests/support/remote/servers.sh"
#   start_nginx FOLDER     # nginx-light serving FOLDER: NGINX_URL, NGINX_LOG (its access log:
#                          # one line a request, STATUS BYTES "RANGE" "REQUEST")
#   start_range_server FOLDER   # range_server.py: RANGE_URL (append /files/NAME, /norange/NAME,
#                               # /drop/NAME ... as range_server.py lists), RANGE_URL/count
#   trap 'stop_servers; rm -rf "$WORK"' EXIT
#
# Each writes its state into a folder of its own that stop_servers removes. Proxies are switched
# off for 127.0.0.1 in the caller's shell: libcurl honours http_proxy and NO_PROXY.
REMOTE_SUPPORT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REMOTE_STATES=()
REMOTE_PIDS=()
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_listening() {  # wait_listening URL PID LOG
  local waited=0
  until curl -s -o /dev/null --max-time 1 "$1"; do
    if ! kill -0 "$2" 2>/dev/null || [ $waited -ge 100 ]; then
      echo "servers.sh: the server for $1 did not start:" >&2
      cat "$3" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

start_nginx() {
  local folder state port
  folder=$(cd "$1" && pwd)
  state=$(mktemp -d "${TMPDIR:-/tmp}/newsarc-nginx.XXXXXX")
  REMOTE_STATES+=("$state")
  port=$(free_port)
  mkdir -p "$state/tmp"
  # One process (master_process off): nothing to drop privileges to when run as root, as CI does.
  cat >"$state/nginx.conf" <<CONF
daemon off;
master_process off;
pid $state/nginx.pid;
error_log $state/error.log;
events { worker_connections 64; }
http {
  # One line a request: status, body bytes, the Range asked for, the request line.
  log_format ranges '\$status \$body_bytes_sent "\$http_range" "\$request"';
  access_log $state/access.log ranges;
  client_body_temp_path $state/tmp;
  fastcgi_temp_path $state/tmp;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $folder;
  }
}
CONF
  nginx -p "$state" -c "$state/nginx.conf" 2>"$state/stderr" &
  REMOTE_PIDS+=($!)
  NGINX_URL=http://127.0.0.1:$port
  NGINX_LOG=$state/access.log
  wait_listening "$NGINX_URL/" "$!" "$state/stderr"
}

start_range_server() {
  local state
  state=$(mktemp -d "${TMPDIR:-/tmp}/newsarc-range.XXXXXX")
  REMOTE_STATES+=("$state")
  python3 "$REMOTE_SUPPORT_DIR/range_server.py" --folder "$1" --port-file "$state/port" \
    --log "$state/log" 2>"$state/stderr" &
  REMOTE_PIDS+=($!)
  local waited=0
  while [ ! -s "$state/port" ] && [ $waited -lt 100 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  RANGE_URL=http://127.0.0.1:$(cat "$state/port")
  wait_listening "$RANGE_URL/count" "$!" "$state/stderr"
}

stop_servers() {
  local pid state
  for pid in "${REMOTE_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  REMOTE_PIDS=()
  for state in "${REMOTE_STATES[@]}"; do rm -rf "$state"; done
  REMOTE_STATES=()
}
