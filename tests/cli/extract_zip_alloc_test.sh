# extract to .zip must not give memory back to the system and take it again for every entry: with
# glibc's trim threshold left at 128 KiB beside a fixed mmap threshold, the zip writer's deflate
# state cost two brk() calls (and a TLB flush) an entry, and 20,000 small articles took 26 s
# instead of 1.3 s (SECURITY.md, section 5). Counted with strace, which is exact where timing is not.
source "$(dirname "$0")/lib.sh"
command -v strace >/dev/null || { fail "strace is not installed (scripts/install-deps.sh)"; finish; }

# 1,500 small articles (one mkdir for all: a process each would take longer than the test).
mkdir -p corpus && (cd corpus && mkdir a{1..1500})
for i in $(seq 1 1500); do
  printf '{"uri":"urn:t:%d","headline":"Headline %d","body":["Body %d."]}\n' "$i" "$i" "$i" \
    >"corpus/a$i/article.json"
done
expect 0 "$NEWSARC" pack corpus -o many.newsarc --quiet

for target in many.zip many.tar.zst; do
  expect 0 strace -f -c -e trace=brk -o "brk-$target.txt" "$NEWSARC" extract many.newsarc -o "$target" --quiet
  cp "brk-$target.txt" "$OUTPUT/brk-$target.txt"
  calls=$(awk '$NF == "brk" { print $(NF - 1) }' "brk-$target.txt")
  if [ -z "$calls" ] || [ "$calls" -gt 100 ]; then
    fail "$target: ${calls:-no} brk calls for 1,500 articles; expected a few dozen"
    cat "brk-$target.txt" >&2
  else
    pass
  fi
done
finish
