# Progress bars: pack, extract and verify draw one (with rate and ETA) when stderr is a terminal,
# nothing when it is not, and nothing with --quiet.
source "$(dirname "$0")/lib.sh"

# Runs a command with a terminal for stdin, stdout and stderr (script(1) makes one); everything
# it writes lands in stdout.
on_terminal() { script -qec "$(printf '%q ' "$@")" /dev/null </dev/null; }

expect 0 "$NEWSARC" pack "$SRC/samples" -o s.newsarc
lacks err "packing"  # notes, such as the file an article does not name, are no progress
expect 0 "$NEWSARC" verify s.newsarc
[ -s "$OUTPUT/err" ] && fail "verify wrote to stderr that is not a terminal"
expect 0 "$NEWSARC" extract s.newsarc -o quiet-out
[ -s "$OUTPUT/err" ] && fail "extract wrote to stderr that is not a terminal"

expect 0 on_terminal "$NEWSARC" verify s.newsarc
grep -qE 'verifying \[#{24}\] [0-9.]+ KB/[0-9.]+ KB  [0-9.]+ [KMG]?B/s  ETA 0:00' "$OUTPUT/out" ||
  fail "verify drew no full bar with sizes, rate and ETA"
contains out "s.newsarc: intact, not signed: its origin is not checked"
expect 0 on_terminal "$NEWSARC" pack "$SRC/samples" -o t.newsarc
contains out "packing [########################] 5/5 articles  "
contains out "/s  ETA 0:00"
expect 0 on_terminal "$NEWSARC" extract s.newsarc -o out
contains out "extracting [########################] 5/5 articles  "
# The first state drawn guesses no rate or ETA (pack once showed "ETA 203:42" for a minute's
# work, timed from before its survey of the input); text alone moves the rate (it was 0 B/s).
grep -q 'ETA [1-9][0-9]*:' "$OUTPUT/out" && fail "an ETA other than 0:00 for a pack of a moment"
mkdir text
for i in 1 2 3 4 5 6; do
  mkdir "text/$i"
  printf '{"uri":"urn:t:%s","headline":"H","body":["%s"]}\n' "$i" "$(head -c 3000 /dev/zero | tr '\0' x)" \
    >"text/$i/article.json"
done
expect 0 on_terminal "$NEWSARC" pack text -o text.newsarc
contains out "packing [########################] 6/6 articles  "
grep -qE '6/6 articles  [1-9][0-9.]* [KMG]?B/s  ETA 0:00' "$OUTPUT/out" ||
  fail "pack of text alone drew no rate"

expect 0 on_terminal "$NEWSARC" verify s.newsarc --quiet
lacks out "verifying"
contains out "s.newsarc: intact, not signed: its origin is not checked"
expect 0 on_terminal "$NEWSARC" pack "$SRC/samples" -o u.newsarc --quiet
lacks out "packing"
expect 0 on_terminal "$NEWSARC" extract s.newsarc -o out2 --quiet
lacks out "extracting"

finish
