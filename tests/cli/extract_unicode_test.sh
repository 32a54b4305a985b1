# File names that are not ASCII (accents, Hangul, emoji) come out of extract to tar, tar.gz,
# tar.zst and zip as the same UTF-8 bytes, whatever the locale (none at all with env -i), and read
# back with GNU tar, unzip and newsarc pack. libarchive 3.6 crashed on them in the "C" locale
# (SECURITY.md, section 5).
source "$(dirname "$0")/lib.sh"
command -v unzip >/dev/null || { fail "unzip is not installed (scripts/install-deps.sh)"; finish; }

names=("é.txt" "한국어 기사.txt" "📰 news.txt" "Ünïcödé/ñ.txt")
mkdir art
attachments=""
for i in "${!names[@]}"; do
  mkdir -p "art/$(dirname "${names[$i]}")"
  printf 'content %d\n' "$i" >"art/${names[$i]}"
  attachments+="${attachments:+,}{\"name\":\"a$i\",\"file\":\"${names[$i]}\",\"mediatype\":\"text/plain\"}"
done
printf '{"uri":"urn:t:unicode","headline":"h","body":["b"],"attachments":[%s]}\n' "$attachments" \
  >art/article.json
expect 0 "$NEWSARC" pack art -o u.newsarc --quiet

# The names an archive lists, sorted, one a line (a folder entry, if any, left out).
expected() {
  for name in "${names[@]}" article.json; do echo "urn_t_unicode/$name"; done | LC_ALL=C sort
}
expected >want.txt

for locale in none C.UTF-8; do
  run=(env -i)
  [ "$locale" = none ] || run=(env -i LC_ALL="$locale")
  for ext in tar tar.gz tar.zst zip; do
    out="$locale-u.$ext"
    expect 0 "${run[@]}" "$NEWSARC" extract u.newsarc -o "$out" --quiet
    ls -A | grep -q '\.tmp-' && fail "$out: a temporary file is left: $(ls -A | grep '\.tmp-')"
    if [ "$ext" = zip ]; then
      LC_ALL=C.UTF-8 unzip -Z1 "$out" | grep -v '/$' | LC_ALL=C sort >got.txt
      mkdir "x-$out" && (cd "x-$out" && LC_ALL=C.UTF-8 unzip -q "../$out")
    else
      tar -tf "$out" | grep -v '/$' | LC_ALL=C sort >got.txt
      mkdir "x-$out" && tar -xf "$out" -C "x-$out"
    fi
    same want.txt got.txt
    for name in "${names[@]}"; do same "art/$name" "x-$out/urn_t_unicode/$name"; done
    # newsarc pack (libarchive) reads the archive back to the same article.
    expect 0 "${run[@]}" "$NEWSARC" pack "$out" -o "back-$out.newsarc" --quiet
    expect 0 "$NEWSARC" show "back-$out.newsarc" urn:t:unicode --format json
    for name in "${names[@]}"; do contains out "\"$name\""; done
  done
done

# The zip marks each non-ASCII name as UTF-8 (general purpose flag bit 11): without it readers on
# Windows, and Python's zipfile, take the bytes for CP437.
for locale in none C.UTF-8; do
  expect 0 python3 -c '
import sys, zipfile
for info in zipfile.ZipFile(sys.argv[1]).infolist():
    if not info.filename.isascii() and not info.flag_bits & 0x800:
        sys.exit("no UTF-8 flag: " + info.filename)
    print(info.filename)' "$locale-u.zip"
  grep -v '/$' "$OUTPUT/out" | LC_ALL=C sort >got.txt
  same want.txt got.txt
done
finish
