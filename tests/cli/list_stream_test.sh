# list streams the index (Bundle::forEachArticle) and prints its table in windows of rows: a
# bundle of more rows than a window still lists every article once, in id order, with the filters
# applied to all of them; an id is never cut, however long and however late it comes; a headline
# longer than the index keeps (1024 bytes) is marked as cut, and show has it whole.
source "$(dirname "$0")/lib.sh"

# 700 small articles (the table prints 256 rows a window, the index holds about 300 a leaf), as
# JSON Lines of ninjs items: one file, packed in one go. The id of article 650 is far longer than
# every id of the first window.
long_tail=$(printf 'x%.0s' {1..120})
long_headline="$(printf 'Storm %.0s' {1..200})end"  # 1203 bytes
{
  echo '['
  for i in $(seq -w 1 700); do
    uri="urn:t:$i"
    [ "$i" = 650 ] && uri="urn:t:650-$long_tail"
    headline="Article $i"
    [ "$i" = 003 ] && headline=$long_headline
    [ "$i" = 001 ] || echo ','
    printf '{"uri":"%s","type":"text","headlines":[{"role":"main","value":"%s"}],"firstcreated":"2024-%02d-01T00:00:00Z","bodies":[{"contenttype":"text/plain","value":"Text %s."}]}' \
      "$uri" "$headline" $((10#$i % 12 + 1)) "$i"
  done
  echo ']'
} >items.json
expect 0 "$NEWSARC" pack items.json -o many.newsarc --quiet
contains out "packed 700 articles"

expect 0 "$NEWSARC" list many.newsarc
cp "$OUTPUT/out" list.txt
[ "$(wc -l <list.txt)" = 702 ] || fail "list printed $(wc -l <list.txt) lines, not header, 700 rows and total"
[ "$(tail -1 list.txt)" = "700 articles" ] || fail "list's last line: $(tail -1 list.txt)"
# Every id once, in id order (the bytewise order of the index).
sed -n '2,701p' list.txt | awk '{print $1}' >ids.txt
LC_ALL=C sort -c ids.txt && pass || fail "list's rows are not in id order"
[ "$(sort -u ids.txt | wc -l)" = 700 ] || fail "list did not print 700 distinct ids"
# The long id, past the first window, whole; the rows of the first window aligned.
contains out "urn:t:650-$long_tail  2024-"
[ "$(sed -n '2,257p' list.txt | awk '{print index($0, "  2024-")}' | sort -u | wc -l)" = 1 ] &&
  pass || fail "the first window's date column is not aligned"
# The cut headline: its first 1024 bytes and a mark.
grep -q "^urn:t:003 .*  Storm Storm .*Stor…$" list.txt && pass ||
  fail "list does not mark the cut headline: $(grep '^urn:t:003' list.txt | cut -c 1-80)"
grep -q "^urn:t:003 .*end" list.txt && fail "list printed the headline past 1024 bytes" || pass

# --json: every article, the cut headline flagged; show has it whole.
expect 0 "$NEWSARC" list many.newsarc --json
[ "$(wc -l <"$OUTPUT/out")" = 700 ] || fail "list --json printed $(wc -l <"$OUTPUT/out") lines"
[ "$(grep -c '"headlineCut":true' "$OUTPUT/out")" = 1 ] || fail "list --json: not one headlineCut"
contains out '{"id":"urn:t:003","headline":"Storm Storm'
expect 0 "$NEWSARC" show many.newsarc urn:t:003 --format json
contains out "$long_headline"

# Filters apply to every row, in every window: 700 articles over 12 months, 59 or 58 a month.
expect 0 "$NEWSARC" list many.newsarc --since 2024-12-01 --until 2024-12-31
[ "$(tail -1 "$OUTPUT/out")" = "58 articles of 700" ] || fail "list --since --until: $(tail -1 "$OUTPUT/out")"
expect 0 "$NEWSARC" list many.newsarc --match "article 69"
[ "$(tail -1 "$OUTPUT/out")" = "10 articles of 700" ] || fail "list --match: $(tail -1 "$OUTPUT/out")"
contains out "urn:t:690"
contains out "urn:t:699"

finish
