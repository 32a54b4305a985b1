# Issue 3's acceptance on a 200-article corpus (tests/browser/make_corpus.py: every article
# different, hostile names and scripts among them): pack from a folder, a .tar.zst and a .zip
# gives identical articles; extract --format folder, then pack, gives identical articles again;
# and so does a round trip through ninjs (extract --format ninjs, then pack).
# "Identical" is checked two ways: `list --json` (every summary) and the extracted files
# (every article.json and content file, byte for byte). After an extract, one thing differs by
# design: extract renames a file whose name Windows cannot hold (`con.jpg` becomes `_con.jpg`,
# spec/FORMAT.md 16.4), so the stored record of those articles grows by a byte a name; the
# round trips compare the lists without the record size, and the extracted files exactly.
source "$(dirname "$0")/lib.sh"

python3 "$SRC/tests/browser/make_corpus.py" "$SRC/samples" corpus 200 >/dev/null
tar -C corpus -cf - . | zstd -q -o corpus.tar.zst
(cd corpus && zip -qr ../corpus.zip .)

# reference BUNDLE: its list and its extraction become the reference the others must equal.
expect 0 "$NEWSARC" pack corpus -o folder.newsarc --quiet
expect 0 "$NEWSARC" list folder.newsarc --json
cp "$OUTPUT/out" reference.list
[ "$(wc -l <reference.list)" = 200 ] || fail "the reference bundle does not list 200 articles"
renamed=$(grep -lE '"(con|aux|nul|prn|com[1-9]|lpt[1-9])[."]' corpus/*/article.json | wc -l)
[ "$renamed" -gt 0 ] || fail "the corpus has no Windows device name to rename"
expect 0 "$NEWSARC" extract folder.newsarc -o reference.out --quiet

# same_articles BUNDLE [--renamed]: BUNDLE lists and extracts exactly as the reference does
# (with --renamed, the lists are compared without the record sizes).
same_articles() {
  expect 0 "$NEWSARC" list "$1" --json
  if [ "${2:-}" = --renamed ]; then
    jq -c 'del(.size)' "$OUTPUT/out" >"$1.list"
    jq -c 'del(.size)' reference.list >reference.unsized
    same "$1.list" reference.unsized
  else
    same "$OUTPUT/out" reference.list
  fi
  expect 0 "$NEWSARC" extract "$1" -o "$1.out" --quiet
  if diff -r reference.out "$1.out" >"$OUTPUT/diff"; then
    pass
  else
    fail "$1: extracted files differ from the reference"
    head -20 "$OUTPUT/diff" >&2
  fi
}

for archive in corpus.tar.zst corpus.zip; do
  expect 0 "$NEWSARC" pack "$archive" -o "$archive.newsarc" --quiet
  same_articles "$archive.newsarc"
done

# extract --format folder, then pack: the same articles.
expect 0 "$NEWSARC" pack reference.out -o repacked.newsarc --quiet
same_articles repacked.newsarc --renamed

# extract --format ninjs, then pack: the same articles (ninjs keeps what the model holds).
expect 0 "$NEWSARC" extract folder.newsarc -o ninjs.out --format ninjs --quiet
[ "$(find ninjs.out -name item.ninjs.json | wc -l)" = 200 ] || fail "not 200 ninjs items"
expect 0 "$NEWSARC" pack ninjs.out -o from-ninjs.newsarc --quiet
same_articles from-ninjs.newsarc --renamed

finish
