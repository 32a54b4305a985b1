#!/usr/bin/env bash
# Remote reading over loopback: a bundle of N tiny articles (make_scale_bundle) served by nginx
# on 127.0.0.1, and newsarc reading it by URL. For each command: the median wall time of RUNS
# runs, the HTTP requests and body bytes it made (from nginx's access log), and the same command
# on the local file as the peer, with the ratio remote / local. The issue's goals: show of one
# article within 4 requests and 50 ms, verify --quick within 2 requests.
#
#   bash bench/remote.sh [COUNT] [RUNS]      (default 100000 articles, 7 runs)
#   BUILD_DIR=build (newsarc, make_scale_bundle); WORK_DIR (default a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
runs=${2:-7}
build=$(cd "${BUILD_DIR:-build}" && pwd)
newsarc=$build/newsarc
work=${WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/newsarc-remote-bench.XXXXXX")}
source tests/support/remote/servers.sh
trap 'stop_servers; [ -z "${WORK_DIR:-}" ] && rm -rf "$work"' EXIT
mkdir -p "$work/site"
bundle=$work/site/scale.newsarc
if [ ! -f "$bundle" ]; then
  id=$("$build/make_scale_bundle" "$count" "$bundle")
else
  id=$("$newsarc" list "$bundle" --json | sed -n "$(((count + 1) / 2))p" | jq -r .id)
fi
size=$(stat -c %s "$bundle")
start_nginx "$work/site"
url=$NGINX_URL/scale.newsarc

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# time_ms CMD...: the median wall milliseconds of $runs runs.
time_ms() {
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000))
  done | median | awk '{printf "%.1f", $1 / 1000}'
}
# requests CMD...: "REQUESTS BYTES" of one run, from the access log.
requests() {
  local before
  before=$(wc -l <"$NGINX_LOG")
  "$@" >/dev/null
  tail -n +$((before + 1)) "$NGINX_LOG" | awk '{n++; b += $2} END {print n + 0, b + 0}'
}

printf 'remote reading over loopback: %s articles, a bundle of %s bytes, nginx on 127.0.0.1\n' \
  "$count" "$size"
printf '%-26s %9s %9s %7s %9s %12s\n' command remote_ms local_ms ratio requests bytes
row() {
  local name=$1
  shift
  local remote local_ r
  remote=$(time_ms "$newsarc" "${@/@/$url}")
  local_=$(time_ms "$newsarc" "${@/@/$bundle}")
  r=$(requests "$newsarc" "${@/@/$url}")
  printf '%-26s %9s %9s %7s %9s %12s\n' "$name" "$remote" "$local_" \
    "$(awk -v a="$remote" -v b="$local_" 'BEGIN {printf "%.2f", a / b}')" ${r}
}
row "show one article" show @ "$id"
row "verify --quick" verify @ --quick
row "info" info @
