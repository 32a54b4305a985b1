# Bundles read where they live: http:// URLs read with range requests, from nginx (Debian's
# nginx-light) and from range_server.py's faulty servers on 127.0.0.1, both started and stopped
# here. Every command that reads gives over HTTP exactly what it gives for the local file, asks
# few requests, and names what is wrong when the server is.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/support/remote/servers.sh"
trap 'stop_servers; rm -rf "$WORK" "$OUTPUT"' EXIT

mkdir site
expect 0 "$NEWSARC" keygen -p a.pub -s a.key --no-password
expect 0 "$NEWSARC" pack "$SRC/samples" -o site/s.newsarc --sign a.key --quiet
start_nginx site
start_range_server site
URL=$NGINX_URL/s.newsarc
ID=urn:newsarc:samples:2024-03-01:busan-ferries

requests() { grep -c . "$NGINX_LOG" 2>/dev/null || echo 0; }

# The same answers as the local file.
for args in "list B" "list B --json" "info B" "info B --json" "show B ID" \
  "show B ID --format json" "log B"; do
  args=${args/ID/$ID}
  # shellcheck disable=SC2086
  expect 0 "$NEWSARC" ${args/B/site\/s.newsarc}
  cp "$OUTPUT/out" local.out
  # shellcheck disable=SC2086
  expect 0 "$NEWSARC" ${args/B/$URL}
  sed "s|$URL|site/s.newsarc|g" "$OUTPUT/out" >remote.out
  same local.out remote.out
done
expect 0 "$NEWSARC" show "$URL" "$ID" --key a.pub
expect 0 "$NEWSARC" extract site/s.newsarc -o local-tree --quiet
expect 0 "$NEWSARC" extract "$URL" -o remote-tree --quiet
expect 0 diff -r local-tree remote-tree

# verify, full and quick, with the key; a wrong key fails as it does locally.
expect 0 "$NEWSARC" verify "$URL" --key a.pub
contains out "$URL: verified"
expect 0 "$NEWSARC" verify "$URL" --key a.pub --quick
expect 0 "$NEWSARC" keygen -p b.pub -s b.key --no-password
expect 4 "$NEWSARC" verify "$URL" --key b.pub --quick

# Few requests: opening asks for the last 128 KiB (the header is left to verify), show one article
# its index pages and its cluster, when not in the tail; a quick verify the tail and the header.
before=$(requests)
expect 0 "$NEWSARC" verify "$URL" --key a.pub --quick
quick=$(($(requests) - before))
[ "$quick" -le 2 ] && pass || fail "verify --quick made $quick requests; expected at most 2"
before=$(requests)
expect 0 "$NEWSARC" show "$URL" "$ID"
shown=$(($(requests) - before))
[ "$shown" -le 2 ] && pass || fail "show made $shown requests; expected at most 2"

# A bundle with a compression dictionary (make_scale_bundle's tiny articles): the dictionary and
# the cluster it decodes come in one multi-range request (multipart/byteranges) from nginx, and
# one by one from a server that refuses several ranges (range_server.py answers 416).
"$(dirname "$NEWSARC")/make_scale_bundle" 20000 site/d.newsarc >scale-id
DID=$(cat scale-id)
expect 0 "$NEWSARC" show site/d.newsarc "$DID"
cp "$OUTPUT/out" local.out
before=$(requests)
expect 0 "$NEWSARC" show "$NGINX_URL/d.newsarc" "$DID"
same local.out "$OUTPUT/out"
shown=$(($(requests) - before))
[ "$shown" -le 3 ] && pass || fail "show with a dictionary made $shown requests; expected at most 3"
tail -n "$shown" "$NGINX_LOG" | grep -q '"bytes=[0-9]*-[0-9]*,[0-9]*-[0-9]*"' && pass ||
  fail "no multi-range request in: $(tail -n "$shown" "$NGINX_LOG")"
expect 0 "$NEWSARC" show "$RANGE_URL/files/d.newsarc" "$DID"
same local.out "$OUTPUT/out"

# The faults, each with its own message, none a crash; exit 5 (I/O) for each.
expect 5 "$NEWSARC" list "$RANGE_URL/norange/s.newsarc"
contains err "does not answer range requests (status 200 with the whole file, which was not downloaded)"
expect 5 "$NEWSARC" list "$RANGE_URL/files/missing.newsarc"
contains err "$RANGE_URL/files/missing.newsarc"
contains err "HTTP status 404"
expect 5 "$NEWSARC" list "$RANGE_URL/status500/s.newsarc"
contains err "HTTP status 500 (server error) (after 3 attempts)"
expect 5 "$NEWSARC" list "$RANGE_URL/weak/s.newsarc"
contains err "neither a strong ETag nor Last-Modified"
# A file that changes between two requests: never a mix of two versions. (Showing one article
# of this small bundle reads only the tail, one request: nothing to mix.)
expect 0 "$NEWSARC" show "$RANGE_URL/changing/s.newsarc" "$ID"
expect 5 "$NEWSARC" extract "$RANGE_URL/changing/s.newsarc" -o changed-tree
contains err "the file changed on the server since it was opened"
[ ! -e changed-tree ] && pass || fail "extract of a changing file left changed-tree behind"
expect 5 "$NEWSARC" verify "$RANGE_URL/changing/s.newsarc" --quick
contains err "the file changed on the server since it was opened"
# A body cut halfway is asked again from where it stopped (every other response here): all is well.
expect 0 "$NEWSARC" show "$RANGE_URL/dropsome/s.newsarc" "$ID"
"$NEWSARC" show site/s.newsarc "$ID" >local.out
same local.out "$OUTPUT/out"
# Cut every time: it gives up after the attempts.
expect 5 "$NEWSARC" list "$RANGE_URL/drop/s.newsarc"
contains err "after 3 attempts"
# Nobody listening.
port=$(free_port)
expect 5 "$NEWSARC" list "http://127.0.0.1:$port/s.newsarc"
contains err "http://127.0.0.1:$port/s.newsarc"
# Where the fetched blocks cannot be kept (a file size limit stands for a full $TMPDIR): an
# error, never a crash.
expect 5 bash -c 'ulimit -f 128; trap "" XFSZ; exec "$0" verify "$1"' "$NEWSARC" "$URL"
contains err "cannot size a temporary file to"
# Credentials never shown.
expect 5 "$NEWSARC" list "http://user:secret@127.0.0.1:$port/s.newsarc"
lacks err "secret"

# Search over HTTP: the index is fetched whole, checked against its digest, and searched as the
# local file is.
expect 0 "$NEWSARC" pack "$SRC/samples" -o site/i.newsarc --index --quiet
for query in '여객선' 'alliance OR cafés' 'byline:lee date:2023..'; do
  expect 0 "$NEWSARC" search site/i.newsarc "$query" --json
  cp "$OUTPUT/out" local.out
  expect 0 "$NEWSARC" search "$NGINX_URL/i.newsarc" "$query" --json
  sed "s|$NGINX_URL/i.newsarc|site/i.newsarc|g" "$OUTPUT/out" >remote.out
  same local.out remote.out
done

finish
