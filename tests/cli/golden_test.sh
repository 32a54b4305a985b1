# Golden outputs: what a user sees from list, show, info, verify and the common errors, kept as
# transcripts in tests/cli/golden/*.exact (as zstd's tests/cli-tests do), so that a reviewer reads
# the output itself and any change to it shows in the diff. Run on the published test vector
# (spec/vectors/), whose bytes never change.
#   UPDATE_GOLDEN=1 bash golden_test.sh NEWSARC SOURCE_DIR   rewrites the transcripts.
source "$(dirname "$0")/lib.sh"
GOLDEN="$SRC/tests/cli/golden"
VECTORS="$SRC/spec/vectors"
ID=urn:newsarc:vectors:2024-03-01:harbour

cp "$VECTORS/vector.newsarc" "$VECTORS/vector-key.pub" .
cp vector.newsarc damaged.newsarc
printf '\x5a' | dd of=damaged.newsarc bs=1 seek=6400 conv=notrunc status=none  # in the PNG's content extent (6384, 97 bytes)
head -c 6000 vector.newsarc >truncated.newsarc
printf 'not a bundle, only text long enough for a header and a footer of a bundle ....%.0s' {1..3} \
  >text.newsarc
# Another key, the same every run: the test key with its key id changed (0B53DD2F60243F00).
sed -n 2p vector-key.pub | base64 -d >other.bin
printf '\x00' | dd of=other.bin bs=1 seek=2 conv=notrunc status=none
{ echo "untrusted comment: another key"; base64 -w0 other.bin; echo; } >other.pub

# transcript NAME COMMAND...: appends "$ newsarc ARGS", stdout, stderr ("! " before each line)
# and the exit code to NAME's transcript.
transcript() {
  local name=$1
  shift
  set +e
  "$NEWSARC" "$@" >"$OUTPUT/out" 2>"$OUTPUT/err"
  local code=$?
  set -e
  {
    echo "\$ newsarc $*"
    cat "$OUTPUT/out"
    sed 's/^/! /' "$OUTPUT/err"
    echo "[exit $code]"
    echo
  } >>"$name.exact"
}

transcript list list vector.newsarc
transcript list list vector.newsarc --json
transcript list list vector.newsarc --since 2024-03-02
transcript info info vector.newsarc
transcript show show vector.newsarc "$ID"
transcript show show vector.newsarc "$ID" --format markdown
transcript show show vector.newsarc "$ID" --width 40
transcript verify verify vector.newsarc
transcript verify verify vector.newsarc --key vector-key.pub
transcript verify verify vector.newsarc --key other.pub
transcript verify verify vector.newsarc --quick --key vector-key.pub
transcript verify verify vector.newsarc --article "$ID" --key vector-key.pub
transcript errors list missing.newsarc
transcript errors list text.newsarc
transcript errors list truncated.newsarc
transcript errors verify damaged.newsarc --key vector-key.pub
transcript errors verify damaged.newsarc --article "$ID" --key vector-key.pub
transcript errors verify vector.newsarc --article urn:no:such:article
transcript errors verify vector.newsarc --quick --article "$ID"
transcript errors extract damaged.newsarc -o out --quiet
transcript errors show vector.newsarc urn:no:such:article
transcript errors show vector.newsarc "$ID" --key other.pub
transcript errors list vector.newsarc --ouptut x
transcript errors list vector.newsarc --since 2024-13-01

for name in list info show verify errors; do
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$name.exact" "$GOLDEN/$name.exact"
  elif diff -u "$GOLDEN/$name.exact" "$name.exact" >&2; then
    pass
  else
    fail "$name: the output differs from tests/cli/golden/$name.exact (the diff above; UPDATE_GOLDEN=1 rewrites it)"
  fi
done
finish
