# An append killed with SIGKILL at every point where it changes a file (tests/faults/kill_at.c
# counts them) leaves the bundle either byte for byte as it was, or as the complete new state (once
# the footer is written), or torn: bytes after the previous state that end in no valid footer. A
# torn bundle never opens as valid: list and info fail with exit 3 and suggest `newsarc recover`,
# which cuts it back to exactly the previous state; verify --quick and list then pass, and the
# append run again succeeds.
# Usage: bash append_crash_test.sh NEWSARC_BINARY SOURCE_DIR KILL_AT_SHIM APPEND_ARTICLES
SHIM=$(realpath "$3")
APPEND=$(realpath "$4")
# A killed process loses nothing the kernel holds: what matters is the order of the calls, not
# their reaching the disk, so the loop runs in memory (tmpfs) where fdatasync costs nothing.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
source "$(dirname "$0")/../cli/lib.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

"$NEWSARC" keygen -p a.pub -s a.key --no-password >/dev/null
"$NEWSARC" keygen -p b.pub -s b.key --no-password >/dev/null
mkdir in add
cp -r "$SRC/samples/busan-ferries" in/
cp -r "$SRC/samples/seed-article" add/
# Incompressible content, 1.2 MiB an article: the append flushes what it has every MiB, so that
# kills land between those writes too.
for i in 1 2 3 4; do
  mkdir "add/big$i"
  head -c $((1200 << 10)) /dev/urandom >"add/big$i/data.bin"
  cat >"add/big$i/article.json" <<JSON
{
  "uri": "urn:newsarc:test:big$i",
  "headline": "A large attachment",
  "body": ["Random bytes."],
  "attachments": [{"name": "data", "file": "data.bin", "mediatype": "application/octet-stream"}]
}
JSON
done
"$NEWSARC" pack in -o previous.newsarc --sign a.key --quiet >/dev/null
"$NEWSARC" list previous.newsarc >previous.list
cp previous.newsarc new.newsarc
"$APPEND" new.newsarc --sign b.key add
"$NEWSARC" list new.newsarc >new.list
if cmp -s previous.list new.list; then fail "the append changed nothing"; fi

TARGET=target.newsarc
rm -f "$WORK/count"
cp previous.newsarc "$TARGET"
NEWSARC_KILL_COUNT="$WORK/count" LD_PRELOAD="$SHIM" "$APPEND" "$TARGET" --sign b.key add
points=$(cat "$WORK/count")
[ "$points" -ge 6 ] || fail "only $points points counted"

# is_new: the target opens as the complete new state, signed by b.key (the append's signer).
is_new() {
  "$NEWSARC" verify --quick "$TARGET" --key b.pub >/dev/null 2>&1 &&
    "$NEWSARC" list "$TARGET" >"$OUTPUT/list" 2>/dev/null && cmp -s "$OUTPUT/list" new.list
}

unchanged=0 new=0 recovered=0
for n in $(seq 1 "$points"); do
  cp previous.newsarc "$TARGET"
  set +e
  { NEWSARC_KILL_AT=$n LD_PRELOAD="$SHIM" "$APPEND" "$TARGET" --sign b.key add >/dev/null 2>&1; } 2>/dev/null
  status=$?
  set -e
  [ "$status" = 137 ] || fail "point $n of $points: exit $status, expected SIGKILL (137)"
  if cmp -s "$TARGET" previous.newsarc; then
    unchanged=$((unchanged + 1))
  elif is_new; then
    new=$((new + 1))
  else
    # Torn: no reader takes it for a bundle, and each points to recover.
    for command in list info; do
      expect 3 "$NEWSARC" $command "$TARGET"
      contains err "newsarc recover $TARGET"
    done
    expect 3 "$NEWSARC" verify --quick "$TARGET"
    contains err "newsarc recover $TARGET"
    expect 0 "$NEWSARC" recover "$TARGET" --dry-run
    contains out "would keep state 0"
    if cmp -s "$TARGET" previous.newsarc; then fail "point $n: the dry run changed the file"; fi
    expect 0 "$NEWSARC" recover "$TARGET"
    contains out "$TARGET: cut "
    contains out "kept state 0 (created "
    contains out "signed by key "
    same "$TARGET" previous.newsarc
    expect 0 "$NEWSARC" verify --quick "$TARGET" --key a.pub
    expect 0 "$NEWSARC" list "$TARGET"
    same "$OUTPUT/out" previous.list
    expect 0 "$NEWSARC" recover "$TARGET"
    contains out "$TARGET: intact (state 0); nothing to recover"
    recovered=$((recovered + 1))
  fi
  # The append run again, unkilled, gives the new state.
  if ! cmp -s "$TARGET" previous.newsarc; then cp previous.newsarc "$TARGET"; fi
  expect 0 "$APPEND" "$TARGET" --sign b.key add
  if is_new; then pass; else fail "point $n: the append run again does not give the new state"; fi
done
# Nothing to go back to: a file that is no bundle, and one that is not there.
head -c 5000 /dev/urandom >junk.newsarc
cp junk.newsarc junk.before
expect 3 "$NEWSARC" recover junk.newsarc
one_error_line
contains err "junk.newsarc: no complete state found"
same junk.newsarc junk.before
expect 5 "$NEWSARC" recover absent.newsarc
one_error_line

[ "$recovered" -gt 0 ] || fail "no kill point tore the file; the loop tests nothing"
[ "$new" -gt 0 ] || fail "no kill point came after the footer"
echo "append: $points kill points: $unchanged unchanged, $recovered torn and recovered," \
  "$new complete new state"
finish
