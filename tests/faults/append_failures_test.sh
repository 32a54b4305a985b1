# Appends that cannot proceed leave the bundle byte for byte as it was: a second appender while the
# file is locked (by a helper holding the lock, and by a real append stopped midway) fails at once
# with exit 5 and a message naming the file; an append out of disk space (the file size limit,
# ulimit -f, fails a write with EFBIG as a full disk fails it with ENOSPC) fails with exit 5 and
# cuts the file back.
# Usage: bash append_failures_test.sh NEWSARC_BINARY SOURCE_DIR APPEND_ARTICLES
APPEND=$(realpath "$3")
source "$(dirname "$0")/../cli/lib.sh"

"$NEWSARC" keygen -p a.pub -s a.key --no-password >/dev/null
mkdir in add
cp -r "$SRC/samples/busan-ferries" in/
cp -r "$SRC/samples/seed-article" add/  # about 575 KB of images and attachments
"$NEWSARC" pack in -o previous.newsarc --sign a.key --quiet >/dev/null
"$NEWSARC" list previous.newsarc >previous.list

# one_append_error_line TEXT: stderr is one error line holding TEXT.
one_append_error_line() {
  if [ "$(grep -c . "$OUTPUT/err" || true)" != 1 ] ||
    ! grep -q '^append_articles: error: ' "$OUTPUT/err"; then
    fail "stderr is not one error line"
    sed 's/^/  stderr: /' "$OUTPUT/err" >&2
  else
    pass
  fi
  contains err "$1"
}

# --- The lock, held by another process (this shell, through flock(1) from util-linux) ---------
cp previous.newsarc locked.newsarc
exec 9<locked.newsarc
flock -x 9
started=$(date +%s%N)
expect 5 "$APPEND" locked.newsarc add
elapsed=$((($(date +%s%N) - started) / 1000000))
one_append_error_line "locked.newsarc: is being written by another process"
[ "$elapsed" -lt 2000 ] || fail "the second appender waited ${elapsed} ms instead of failing"
same locked.newsarc previous.newsarc
expect 5 "$NEWSARC" recover locked.newsarc
one_error_line
contains err "locked.newsarc: is being written by another process"
expect 5 "$NEWSARC" recover locked.newsarc --dry-run
contains err "locked.newsarc: is being written by another process"
same locked.newsarc previous.newsarc
exec 9<&-
expect 0 "$NEWSARC" recover locked.newsarc --dry-run

# --- Two appenders: the first stopped (SIGSTOP) while it holds the lock ------------------------
# A large incompressible attachment keeps the first appender busy long enough to be caught.
mkdir -p big/big
head -c $((32 << 20)) /dev/urandom >big/big/data.bin
cat >big/big/article.json <<'JSON'
{
  "uri": "urn:newsarc:test:big",
  "headline": "A large attachment",
  "body": ["Random bytes."],
  "attachments": [{"name": "data", "file": "data.bin", "mediatype": "application/octet-stream"}]
}
JSON
caught=0
for attempt in 1 2 3; do
  cp previous.newsarc raced.newsarc
  inode=$(stat -c %i raced.newsarc)
  "$APPEND" raced.newsarc --sign a.key big >"$OUTPUT/first" 2>&1 &
  first=$!
  # Stopped once it holds the lock (/proc/locks lists it; a probe taking the lock itself could
  # make the first appender fail), before it is done.
  for _ in $(seq 1 2000); do
    if grep -q ":$inode " /proc/locks; then
      kill -STOP "$first"
      caught=1
      break
    fi
    if ! kill -0 "$first" 2>/dev/null; then break; fi
  done
  if [ "$caught" = 1 ]; then
    expect 5 "$APPEND" raced.newsarc add
    one_append_error_line "raced.newsarc: is being written by another process"
    kill -CONT "$first"
  fi
  if wait "$first"; then pass; else fail "the first appender failed: $(cat "$OUTPUT/first")"; fi
  [ "$caught" = 1 ] && break
done
[ "$caught" = 1 ] || fail "the first appender was never caught holding the lock"
# The file is as the first appender left it: its state, with its article and without the second's.
expect 0 "$NEWSARC" verify --quick raced.newsarc --key a.pub
expect 0 "$NEWSARC" list raced.newsarc
contains out "urn:newsarc:test:big"
lacks out "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance"
expect 0 "$NEWSARC" recover raced.newsarc
contains out "raced.newsarc: intact (state 1); nothing to recover"

# --- Out of disk space: at most the previous bundle and 100 KiB --------------------------------
limit=$((($(stat -c %s previous.newsarc) >> 10) + 100))
limited() { bash -c "ulimit -f $limit && exec \"\$@\"" limited "$@"; }
cp previous.newsarc full.newsarc
expect 5 limited "$APPEND" full.newsarc add
one_append_error_line "full.newsarc: cannot append the new state: File too large"
same full.newsarc previous.newsarc
expect 0 "$NEWSARC" recover full.newsarc
contains out "full.newsarc: intact (state 0); nothing to recover"
expect 0 "$NEWSARC" list full.newsarc
same "$OUTPUT/out" previous.list
finish
