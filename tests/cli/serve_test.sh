# newsarc serve over HTTP, as curl sees it: the security headers on every kind of response, text
# from a bundle escaped, range requests on a large attachment (bytes compared with cmp), 404s
# and 400s with HTML pages, 127.0.0.1 by default, a port in use refused, SIGTERM stopping it.
# Usage: bash serve_test.sh NEWSARC_BINARY SOURCE_DIR
source "$(dirname "$0")/lib.sh"
POLICY="Content-Security-Policy: default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK" "$OUTPUT"' EXIT

# start_server LOG ARGS...: starts newsarc serve in the background and sets URL from the line it
# prints once listening.
start_server() {
  local log=$1
  shift
  "$NEWSARC" serve "$@" >"$log" 2>"$log.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do
    URL=$(grep -o 'http://[^ ]*' "$log" || true)
    [ -n "$URL" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "newsarc serve did not start: $(cat "$log" "$log.err")"
  finish
  exit 1
}

# get PATH CURL-ARGS...: fetches URL+PATH into $OUTPUT/out (body) and $OUTPUT/err (headers, CR
# removed); prints the status.
get() {
  local path=$1
  shift
  curl -s -o "$OUTPUT/out" -D "$OUTPUT/headers" -w '%{http_code}' "$@" "${URL%/}$path"
  tr -d '\r' <"$OUTPUT/headers" >"$OUTPUT/err"
}

# status_is WANT PATH CURL-ARGS...: the status, and the headers every response must carry.
status_is() {
  local want=$1 got
  shift
  got=$(get "$@")
  if [ "$got" = "$want" ]; then pass; else fail "GET $1: status $got, expected $want"; fi
  contains err "X-Content-Type-Options: nosniff"
  contains err "Referrer-Policy: no-referrer"
  contains err "$POLICY"
}

# An article whose text holds markup, an id holding '/', '?', '#', '%' and a space, a file name
# with Hangul and a quote, and an attachment of 3 MB (random: stored as it is).
mkdir -p hostile
cp "$SRC/samples/seed-article/alliance1.jpg" hostile/photo.jpg
head -c 3000000 /dev/urandom >hostile/large.zip
echo "<html><script>alert(1)</script></html>" >hostile/page.html
cat >hostile/article.json <<'JSON'
{"uri": "urn:test:a/b?c#d%e f", "headline": "<script>alert(1)</script> \"'& headline",
 "subheadlines": ["<b>bold</b>"], "bylines": [{"name": "<i>Writer</i> & co"}],
 "firstcreated": "2021-02-03T04:05:06Z", "language": "en",
 "body": ["Text <img src=x onerror=alert(1)>.", {"image": "photo"}],
 "images": [{"name": "photo", "file": "photo.jpg", "mediatype": "image/jpeg",
             "caption": "<caption> & \"credit\""}],
 "attachments": [{"name": "large", "file": "large.zip", "mediatype": "application/octet-stream"},
                 {"name": "page", "file": "page.html", "mediatype": "text/html"}]}
JSON
expect 0 "$NEWSARC" pack "$SRC/samples" -o samples.newsarc --quiet --title 'Samples <&>'
expect 0 "$NEWSARC" pack hostile -o hostile.newsarc --quiet
# 55 articles of one month: two pages of it, the newest first.
for n in $(seq 10 64); do
  mkdir -p many/$n
  echo "{\"uri\": \"urn:test:many:$n\", \"headline\": \"Day story $n\", \"body\": [\"Text.\"],
    \"firstcreated\": \"2020-01-01T00:$n:00Z\"}" | sed 's/00:6\([0-4]\)/01:0\1/' >many/$n/article.json
done
expect 0 "$NEWSARC" pack many -o many.newsarc --quiet

start_server serve.log samples.newsarc hostile.newsarc --port 0
case $URL in http://127.0.0.1:*/) pass ;; *) fail "URL $URL is not on 127.0.0.1" ;; esac
PORT=${URL#http://127.0.0.1:}
PORT=${PORT%/}
contains_log() { cp serve.log "$OUTPUT/out" && contains out "$1"; }
contains_log "serving 6 articles of 2 bundles at $URL"
# Listening on the loopback address only.
ss -Hltn "sport = :$PORT" >"$OUTPUT/out"
contains out "127.0.0.1:$PORT"
lacks out "0.0.0.0:$PORT"

# The home page: bundles (titles escaped), months.
status_is 200 /
contains err "Content-Type: text/html; charset=utf-8"
contains out "<strong>Samples &lt;&amp;&gt;</strong>"
contains out '<a href="/month/2021-02">2021-02</a>'
contains out '<a href="/month/2019-06">2019-06</a>'
contains out '<form class="search" action="/search" method="get"'
lacks out "<script"
status_is 200 /style.css
contains err "Content-Type: text/css"

# A month page: escaped headline and bylines; the id percent-encoded in the link.
ID_PATH='/article/1/urn%3Atest%3Aa%2Fb%3Fc%23d%25e%20f/'
status_is 200 /month/2021-02
contains out "<a href=\"$ID_PATH\">&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp; headline</a>"
contains out "&lt;i&gt;Writer&lt;/i&gt; &amp; co"
lacks out "<script"
status_is 200 "/month/2021-02?page=1"
status_is 404 "/month/2021-02?page=2"
status_is 404 /month/1999-01
status_is 404 /month/2021-13

# The article page: every text escaped, its files linked below it.
status_is 200 "$ID_PATH"
contains out "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp; headline</h1>"
contains out "<title>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp; headline</title>"
contains out "&lt;b&gt;bold&lt;/b&gt;"
contains out "Text &lt;img src=x onerror=alert(1)&gt;."
contains out "&lt;caption&gt; &amp; &quot;credit&quot;"
contains out '<img src="files/photo.jpg"'
contains out '<a href="files/large.zip" download="large.zip">'
contains out '<a href="files/page.html.txt" download="page.html">'
lacks out "<script"
lacks out "<img src=x"

# An image: its type, an ETag, the sandboxing policy; 304 when the browser has it.
status_is 200 "${ID_PATH}files/photo.jpg"
same "$OUTPUT/out" hostile/photo.jpg
contains err "Content-Type: image/jpeg"
contains err "$POLICY; sandbox"
contains err "Cache-Control: max-age=3600"
ETAG=$(sed -n 's/^ETag: //p' "$OUTPUT/err")
[ "$ETAG" = "\"$(sha256sum hostile/photo.jpg | cut -d' ' -f1)\"" ] && pass || fail "ETag $ETAG"
status_is 304 "${ID_PATH}files/photo.jpg" -H "If-None-Match: $ETAG"

# An attachment: a download under its name; HTML sent as a download, never as a page.
status_is 200 "${ID_PATH}files/page.html.txt"
contains err 'Content-Disposition: attachment; filename="page.html"; filename*=UTF-8'"''"'page.html'
contains err "Content-Type: text/html"
contains err "$POLICY; sandbox"

# Ranges of the large attachment, byte for byte.
status_is 200 "${ID_PATH}files/large.zip"
same "$OUTPUT/out" hostile/large.zip
contains err "Accept-Ranges: bytes"
status_is 206 "${ID_PATH}files/large.zip" -H "Range: bytes=1000000-1999999"
contains err "Content-Range: bytes 1000000-1999999/3000000"
contains err "Content-Length: 1000000"
dd if=hostile/large.zip of=expected.part bs=1000000 skip=1 count=1 status=none
same "$OUTPUT/out" expected.part
status_is 206 "${ID_PATH}files/large.zip" -H "Range: bytes=-100"
contains err "Content-Range: bytes 2999900-2999999/3000000"
tail -c 100 hostile/large.zip >expected.tail
same "$OUTPUT/out" expected.tail
status_is 206 "${ID_PATH}files/large.zip" -H "Range: bytes=2999990-"
contains err "Content-Range: bytes 2999990-2999999/3000000"
status_is 416 "${ID_PATH}files/large.zip" -H "Range: bytes=3000000-"
contains err "Content-Range: bytes */3000000"
# HEAD: the headers alone.
curl -s -I "${URL%/}${ID_PATH}files/large.zip" | tr -d '\r' >"$OUTPUT/out"
contains out "Content-Length: 3000000"
contains out "$POLICY; sandbox"

# 404s, each an HTML page of the site with the headers; what was asked for escaped.
status_is 404 "/nothing<here>"
contains err "Content-Type: text/html; charset=utf-8"
contains out "<h1>404 Not found</h1>"
contains out "/nothing&lt;here&gt;"
# The article's URL typed without its last '/': moved there, so that its files' links resolve.
status_is 301 "${ID_PATH%/}"
contains err "Location: $ID_PATH"
status_is 404 "/article/1/urn%3Atest%3Anone/"
contains out "No article with id &#39;urn:test:none&#39;"
status_is 404 "/article/7/urn%3Atest%3Anone/"
status_is 404 "${ID_PATH}files/missing.jpg"
status_is 404 "${ID_PATH}files/page.html"
# Bad percent-encoding, and escapes that decode to bytes that are not UTF-8: 400.
status_is 400 "/article/1/urn%3Atest%zz/"
contains out "<h1>400 Bad request</h1>"
contains out "the path is not percent-encoded UTF-8"
status_is 400 "/article/1/%ff%fe/"
status_is 400 "/month/2021-02?page=%"
status_is 400 "/month/2021-02?page=0"
# Search over bundles without an index: a note, not a failure.
status_is 200 "/search?q=ferry"
contains out "hostile.newsarc has no search index"
contains out "None of the bundles has a search index."
status_is 200 "/search?q="
status_is 400 "/search?q=%ff"
# A request httplib refuses itself still gets the headers.
status_is 400 / -X POST

# A month of 55 articles: 50 on the first page, newest first, 5 on the second; bounded pages.
"$NEWSARC" serve many.newsarc --port 0 >many.log 2>&1 &
MANY_PID=$!
for _ in $(seq 100); do grep -q http many.log && break; sleep 0.1; done
MANY_URL=$(grep -o 'http://[^ ]*' many.log)
(URL=$MANY_URL; get /month/2020-01 >/dev/null)
[ "$(grep -o 'Day story [0-9]*' "$OUTPUT/out" | wc -l)" = 50 ] && pass || fail "page 1 of 2020-01 lists $(grep -c 'Day story' "$OUTPUT/out") articles"
[ "$(grep -o 'Day story [0-9]*' "$OUTPUT/out" | head -1)" = "Day story 64" ] && pass || fail "page 1 does not start with the newest"
contains out "Page 1 of 2"
contains out '<a href="/month/2020-01?page=2" rel="next">'
(URL=$MANY_URL; get "/month/2020-01?page=2" >/dev/null)
[ "$(grep -o 'Day story [0-9]*' "$OUTPUT/out" | tr '\n' ' ')" = "Day story 14 Day story 13 Day story 12 Day story 11 Day story 10 " ] && pass || fail "page 2: $(grep -o 'Day story [0-9]*' "$OUTPUT/out" | tr '\n' ' ')"
contains out '<a href="/month/2020-01" rel="prev">'
kill "$MANY_PID"
wait "$MANY_PID" || true

# A port in use: a clear error, exit 5, nothing shared.
expect 5 "$NEWSARC" serve samples.newsarc --port "$PORT"
one_error_line
contains err "cannot listen on 127.0.0.1:$PORT: Address already in use"
# A bundle that is not there: the error before listening.
expect 5 "$NEWSARC" serve missing.newsarc --port 0
one_error_line

# SIGTERM stops it cleanly.
kill -TERM "$SERVER_PID"
set +e
wait "$SERVER_PID"
code=$?
set -e
SERVER_PID=
[ "$code" = 0 ] && pass || fail "exit $code after SIGTERM, expected 0"
contains_log "stopped"

# --bind: another address, shown in the URL.
start_server bind.log samples.newsarc --port 0 --bind 127.0.0.2
case $URL in http://127.0.0.2:*/) pass ;; *) fail "URL $URL is not on 127.0.0.2" ;; esac
status_is 200 /
kill -INT "$SERVER_PID"
wait "$SERVER_PID" && pass || fail "exit $? after SIGINT"
SERVER_PID=

# Search over a bundle with an index (pack --index) beside one without.
expect 0 "$NEWSARC" pack "$SRC/samples" -o indexed.newsarc --index --quiet
start_server indexed.log indexed.newsarc hostile.newsarc --port 0
status_is 200 "/search?q=%EC%97%AC%EA%B0%9D%EC%84%A0"  # 여객선
contains out "<mark>여객선</mark>"
contains out 'href="/article/0/urn%3Anewsarc%3Asamples%3A2024-03-01%3Abusan-ferries/"'
contains out "hostile.newsarc has no search index"
status_is 200 "/search?q=Cheong+Wa+Dae"
contains out 'href="/article/0/urn%3Anewsarc%3Akookbang.dema.mil.kr%3A2019-06-30%3Aalliance/"'
contains out "<mark>Cheong</mark>"
status_is 200 "/search?q=%3Cscript%3E%22"
contains out 'value="&lt;script&gt;&quot;"'
lacks out "<script"
status_is 400 "/search?q=ferry&page=101"
# A query the engine cannot parse: its message, escaped, on a 400 page with the form.
status_is 400 "/search?q=%3Cb%3E+AND"
contains out '<p class="error">query: Syntax: &lt;expression&gt; AND &lt;expression&gt;</p>'
contains out 'value="&lt;b&gt; AND"'
kill "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=

# A bundle whose index is damaged (a byte of its extent changed) beside a sound one: served and
# browsable, named as not searched, while the other is searched; alone, no search at all.
expect 0 "$NEWSARC" seal indexed.newsarc -o proof
capnp convert binary:json proof/schema.capnp Seal <proof/seal.bin >seal.json
offset=$(jq -r '.searchIndex.extent.offset' seal.json)
size=$(jq -r '.searchIndex.extent.storedSize' seal.json)
cp indexed.newsarc damaged.newsarc
printf '\xff' | dd of=damaged.newsarc bs=1 seek=$((offset + size / 2)) conv=notrunc status=none
start_server damaged.log indexed.newsarc damaged.newsarc --port 0
grep -qF "newsarc: warning: damaged.newsarc: the search index cannot be read" damaged.log.err &&
  pass || fail "no warning for the damaged index: $(cat damaged.log.err)"
status_is 200 /
contains out "search index unreadable"
status_is 200 "/search?q=%EC%97%AC%EA%B0%9D%EC%84%A0"  # 여객선
contains out 'href="/article/0/urn%3Anewsarc%3Asamples%3A2024-03-01%3Abusan-ferries/"'
lacks out 'href="/article/1/'
contains out "damaged.newsarc: its search index cannot be read"
contains out "stored bytes have SHA-256"
status_is 200 "/article/1/urn%3Anewsarc%3Asamples%3A2024-03-01%3Abusan-ferries/"
kill "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=
start_server damaged-alone.log damaged.newsarc --port 0
status_is 200 "/search?q=ferry"
contains out "None of the bundles has a search index that can be read."
kill "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=

finish
