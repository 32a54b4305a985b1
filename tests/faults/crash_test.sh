# pack, sign and extract to an archive, killed with SIGKILL at every point where they change a
# file (tests/faults/kill_at.c counts them), leave at the target either the file that was there
# before, or no file, or the complete new file; never a torn one. Running the command again
# succeeds and removes the temporary file the killed run left (the flock rule of AtomicFile).
# Usage: bash crash_test.sh NEWSARC_BINARY SOURCE_DIR KILL_AT_SHIM
SHIM=$(realpath "$3")
# A killed process loses nothing the kernel holds, so what matters is the order of the calls, not
# their reaching the disk: in memory (tmpfs), the loop's hundred fsync() calls cost nothing.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
source "$(dirname "$0")/../cli/lib.sh"
# Under AddressSanitizer the shim is loaded before the ASan runtime, which ASan refuses by default;
# the shim only counts calls and passes them on, so the order is harmless.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

"$NEWSARC" keygen -p a.pub -s a.key --no-password >/dev/null
"$NEWSARC" keygen -p b.pub -s b.key --no-password >/dev/null
mkdir in
cp -r "$SRC/samples/seed-article" "$SRC/samples/busan-ferries" in/
"$NEWSARC" pack in -o previous.newsarc --sign a.key --quiet >/dev/null
"$NEWSARC" pack in/busan-ferries -o small.newsarc --quiet >/dev/null

# count COMMAND...: the number of file-changing calls COMMAND makes.
count() {
  NEWSARC_KILL_COUNT="$WORK/count" LD_PRELOAD="$SHIM" "$@" >/dev/null 2>&1
  cat "$WORK/count"
}

temp_files() { find out -name '.*.tmp-*' | wc -l; }

# crash_loop NAME SETUP CHECK_NEW RERUN_OPTION COMMAND...: for N = 1, 2, ... every point COMMAND
# reaches, runs SETUP (a fresh out/ holding what was there before), COMMAND killed at point N, then
# checks that $TARGET is absent (when SETUP left none), identical to out/before, or accepted
# by CHECK_NEW; then runs COMMAND again, unkilled (with RERUN_OPTION, "" for none), and checks
# that it succeeds and leaves no temporary file.
crash_loop() {
  local name=$1 setup=$2 check_new=$3 rerun_option=$4
  shift 4
  $setup
  local points
  points=$(count "$@")
  [ "$points" -ge 4 ] || fail "$name: only $points points counted"
  local n status previous=0 absent=0 complete=0 left=0
  for n in $(seq 1 "$points"); do
    $setup
    set +e
    # The shell's own "Killed" report goes to /dev/null too.
    { NEWSARC_KILL_AT=$n LD_PRELOAD="$SHIM" "$@" >/dev/null 2>&1; } 2>/dev/null
    status=$?
    set -e
    [ "$status" = 137 ] || fail "$name: point $n of $points: exit $status, expected SIGKILL (137)"
    if [ ! -e "$TARGET" ]; then
      if [ -e out/before ]; then fail "$name: point $n: the previous file is gone"; fi
      absent=$((absent + 1))
    elif [ -e out/before ] && cmp -s "$TARGET" out/before; then
      previous=$((previous + 1))
    elif $check_new; then
      complete=$((complete + 1))
    else
      fail "$name: point $n of $points: a torn file at the target"
    fi
    if [ "$(temp_files)" != 0 ]; then left=$((left + 1)); fi
    set +e
    "$@" $rerun_option >/dev/null 2>"$OUTPUT/err"
    status=$?
    set -e
    [ "$status" = 0 ] || fail "$name: point $n: rerun failed: $(cat "$OUTPUT/err")"
    [ "$(temp_files)" = 0 ] || fail "$name: point $n: temporary files left after the rerun"
    $check_new || fail "$name: point $n: the rerun's file does not verify"
    pass
  done
  [ "$left" -gt 0 ] || fail "$name: no kill point left a temporary file; the loop tests nothing"
  [ "$complete" -gt 0 ] || fail "$name: no kill point came after the rename"
  echo "$name: $points kill points: $absent no file, $previous previous file, $complete new file," \
    "$left left a temporary file (removed by the rerun)"
  KILL_POINTS=$((${KILL_POINTS:-0} + points))
}

fresh() { rm -rf out && mkdir out; }
with_previous() { fresh && cp previous.newsarc "$TARGET" && cp previous.newsarc out/before; }

new_bundle() { "$NEWSARC" verify "$TARGET" --key a.pub >/dev/null 2>&1; }
# Signed once more: a.key's signature and b.key's both verify.
new_signature() { "$NEWSARC" verify "$TARGET" --key a.pub --key b.pub >/dev/null 2>&1; }
new_archive() { grep -q 'article.json$' <<<"$(tar -tf "$TARGET" 2>/dev/null)"; }

TARGET=out/target.newsarc
# Without --force the finished file is linked into place (link, then unlink the temporary file);
# with it, renamed over the previous file.
crash_loop "pack" fresh new_bundle --force "$NEWSARC" pack in -o "$TARGET" --sign a.key --quiet
crash_loop "pack --force" with_previous new_bundle "" \
  "$NEWSARC" pack in -o "$TARGET" --sign a.key --quiet --force
crash_loop "sign" with_previous new_signature "" "$NEWSARC" sign "$TARGET" --key b.key
TARGET=out/target.tar
crash_loop "extract to .tar" fresh new_archive --force \
  "$NEWSARC" extract small.newsarc -o "$TARGET" --quiet
echo "$KILL_POINTS kill points in all"
finish
