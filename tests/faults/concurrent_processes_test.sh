# Many processes at once on one bundle: eight verify it (trusting its key), while four list it and
# four extract it, each into a folder of its own. Every one must succeed and give what one
# process alone gives. (Many threads in one process: tests/faults/many_threads_test.cpp.) Also run
# with the newsarc built for ThreadSanitizer by scripts/sanitize.sh thread.
# Usage: bash concurrent_processes_test.sh NEWSARC_BINARY SOURCE_DIR
source "$(dirname "$0")/../cli/lib.sh"

mkdir in
cp -r "$SRC/samples/seed-article" "$SRC/samples/busan-ferries" in/
"$NEWSARC" keygen -p a.pub -s a.key --no-password >/dev/null
"$NEWSARC" pack in -o shared.newsarc --sign a.key --quiet >/dev/null
"$NEWSARC" verify shared.newsarc --key a.pub >alone.verify
"$NEWSARC" list shared.newsarc --json >alone.list
"$NEWSARC" extract shared.newsarc -o alone --quiet >/dev/null

pids=()
for i in 1 2 3 4 5 6 7 8; do
  "$NEWSARC" verify shared.newsarc --key a.pub >"verify.$i" 2>&1 &
  pids+=($!)
done
for i in 1 2 3 4; do
  "$NEWSARC" list shared.newsarc --json >"list.$i" 2>&1 &
  pids+=($!)
  "$NEWSARC" extract shared.newsarc -o "out.$i" --quiet >/dev/null 2>"extract.$i" &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  if wait "$pid"; then pass; else fail "a process of the ${#pids[@]} exited $?"; fi
done
for i in 1 2 3 4 5 6 7 8; do same "verify.$i" alone.verify; done
for i in 1 2 3 4; do
  same "list.$i" alone.list
  if diff -r alone "out.$i" >/dev/null; then pass; else fail "out.$i differs from alone"; fi
done
finish
