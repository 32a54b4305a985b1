# newsarc serve in a real browser: headless Chromium browses the sample articles and a generated
# corpus, packed with search indexes, served on a free port of 127.0.0.1. check_serve.py goes
# from the home page to a month and the seed article (its images load), searches through the form
# (a word of the seed article, and a Korean one) and finds the articles with their words marked,
# downloads an attachment and compares its bytes, and sees no script, no console error and no
# request anywhere but the server.
# Usage: bash serve_test.sh NEWSARC_BINARY SOURCE_DIR [SCREENSHOT.png]
#   SCREENSHOT: where to save the search results as the browser shows them (docs/serve-seed.png
#   is made so).
SCREENSHOT=${3:+$(realpath -m "$3")}  # before lib.sh moves into its scratch folder
source "$(dirname "$0")/../cli/lib.sh"
CHECK="$SRC/tests/browser/check_serve.py"
SEED=urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance
BUSAN=urn:newsarc:samples:2024-03-01:busan-ferries
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK" "$OUTPUT"' EXIT

expect 0 "$NEWSARC" pack "$SRC/samples" -o samples.newsarc --index --quiet --title "newsarc samples"
python3 "$SRC/tests/browser/make_corpus.py" "$SRC/samples" corpus 120
expect 0 "$NEWSARC" pack corpus -o corpus.newsarc --index --quiet --title "A <generated> corpus"

"$NEWSARC" serve samples.newsarc corpus.newsarc --port 0 >serve.log 2>serve.err &
SERVER_PID=$!
URL=
for _ in $(seq 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' serve.log || true)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] && pass || fail "newsarc serve printed no URL: $(cat serve.log serve.err)"

expect 0 python3 "$CHECK" "$URL" --month 2019-06 --article "$SEED" \
  --find "Cheong Wa Dae" "$SEED" --find "여객선" "$BUSAN" \
  --attachment "$SRC/samples/seed-article/presentation.pdf" \
  ${SCREENSHOT:+--screenshot-search "$SCREENSHOT"}
cat "$OUTPUT/out" "$OUTPUT/err"
contains out "$URL: 8 pages, "
contains out "; 0 problems"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" && pass || fail "newsarc serve exited $? on SIGTERM"
SERVER_PID=
finish
