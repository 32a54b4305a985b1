# IPTC ninjs 2.x in and out: the sample documents packed, shown and extracted as ninjs and packed
# again; ninjs in -> ninjs out keeps every property; article folders -> ninjs -> pack gives the same
# articles; bad ninjs input gets one exact error line and its exit code.
source "$(dirname "$0")/lib.sh"
NINJS="$SRC/samples/ninjs"
FOLIAGE=urn:newsarc:samples:2023-10-14:seoraksan-foliage
MARIGOLD=urn:newsarc:samples:2023-10-15:marigold-festival
CAFE=urn:newsarc:samples:2023-10-16:cafe-permits
SEED=urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance
BUSAN=urn:newsarc:samples:2024-03-01:busan-ferries

# same_json A B: the same JSON values, key order aside (as ninjs consumers compare them).
same_json() {
  if [ "$(jq -S . "$1")" = "$(jq -S . "$2")" ]; then
    pass
  else
    fail "$1 and $2 hold different JSON"
    diff <(jq -S . "$1") <(jq -S . "$2") | head -20 >&2
  fi
}

# The sample items one a file, to compare with what comes out.
jq . "$NINJS/foliage.ninjs.json" >foliage.json
jq '.[0]' "$NINJS/briefs.ninjs.json" >marigold.json
jq '.[1]' "$NINJS/briefs.ninjs.json" >cafe.json

# A folder of ninjs documents packs; what is kept as metadata only is noted.
expect 0 "$NEWSARC" pack "$NINJS" -o n.newsarc
contains out "packed 3 articles"
contains err "newsarc: note: $NINJS/foliage.ninjs.json: associations[2] (\"ridge-video\"): no rendition with a local href; kept as metadata, no file packed"
lacks err "error"

# ninjs in -> ninjs out: show gives back every property of each item.
for item in "$FOLIAGE foliage" "$MARIGOLD marigold" "$CAFE cafe"; do
  set -- $item
  expect 0 "$NEWSARC" show n.newsarc "$1" --format ninjs
  same_json "$OUTPUT/out" "$2.json"
done
# The model holds what it can: the HTML body as blocks, the photo's caption and credit.
expect 0 "$NEWSARC" show n.newsarc "$FOLIAGE"
contains out "Autumn colours reach Seoraksan's peaks a week early"
contains out "[image: leaves.jpg] Fallen maple leaves near the Seorak-dong entrance. (Lee Ji-woo/newsarc samples)"
contains out "Crowds and buses"
expect 0 "$NEWSARC" show n.newsarc "$CAFE" --format json
contains out "\"Sokcho to fast-track permits for pop-up Cafe$(printf '\xcc\x81')s during leaf season\""

# extract --format ninjs: item.ninjs.json and the files, the same items, the same bytes.
expect 0 "$NEWSARC" extract n.newsarc -o out --format ninjs
contains out "extracted 3 articles to out"
F=out/urn_newsarc_samples_2023-10-14_seoraksan-foliage
M=out/urn_newsarc_samples_2023-10-15_marigold-festival
same_json "$F/item.ninjs.json" foliage.json
same_json "$M/item.ninjs.json" marigold.json
same_json out/urn_newsarc_samples_2023-10-16_cafe-permits/item.ninjs.json cafe.json
same "$F/leaves.jpg" "$NINJS/leaves.jpg"
same "$F/visitor-notice.txt" "$NINJS/visitor-notice.txt"
same "$M/marigold.jpg" "$NINJS/marigold.jpg"

# ... which pack reads back into identical articles, from the folder and from archives.
expect 0 "$NEWSARC" list n.newsarc --json
cp "$OUTPUT/out" n.list
for id in "$FOLIAGE" "$MARIGOLD" "$CAFE"; do
  expect 0 "$NEWSARC" show n.newsarc "$id" --format json
  cp "$OUTPUT/out" "$id.article.json"
done
for target in out out.tar.zst out.zip; do
  [ "$target" = out ] || expect 0 "$NEWSARC" extract n.newsarc -o "$target" --format ninjs
  expect 0 "$NEWSARC" pack "$target" -o "$target.newsarc"
  expect 0 "$NEWSARC" list "$target.newsarc" --json
  same "$OUTPUT/out" n.list
  for id in "$FOLIAGE" "$MARIGOLD" "$CAFE"; do
    expect 0 "$NEWSARC" show "$target.newsarc" "$id" --format json
    same "$OUTPUT/out" "$id.article.json"
  done
done

# Article folders -> ninjs -> pack: the same articles, article.json byte for byte.
expect 0 "$NEWSARC" pack "$SRC/samples/seed-article" "$SRC/samples/busan-ferries" -o s.newsarc \
  --quiet
expect 0 "$NEWSARC" extract s.newsarc -o sn --format ninjs
expect 0 "$NEWSARC" pack sn -o sn.newsarc
expect 0 "$NEWSARC" show sn.newsarc "$SEED" --format json
same "$OUTPUT/out" "$SRC/samples/seed-article/article.json"
expect 0 "$NEWSARC" show sn.newsarc "$BUSAN" --format json
same "$OUTPUT/out" "$SRC/samples/busan-ferries/article.json"
expect 0 "$NEWSARC" show s.newsarc "$SEED" --format ninjs
contains out '"byline-as-published": "By Joo-Hyeong, Lee < Jataka@dema.mil.kr >"'

# One document given by name, whatever it is called; article.json given by name is its folder.
cp "$NINJS/briefs.ninjs.json" "$NINJS/marigold.jpg" .
mv briefs.ninjs.json feed.json
expect 0 "$NEWSARC" pack feed.json "$SRC/samples/busan-ferries/article.json" -o f.newsarc
contains out "packed 3 articles"
expect 0 "$NEWSARC" list f.newsarc
contains out "$MARIGOLD"
contains out "$BUSAN"

# Bad input: one line naming the file and the field, the documented code, no bundle left.
mkdir bad
bad() {  # bad CODE FILE MESSAGE: packing FILE fails with CODE and exactly MESSAGE
  expect "$1" "$NEWSARC" pack "$2" -o never.newsarc
  one_error_line
  contains err "newsarc: error: $3"
  [ ! -e never.newsarc ] || fail "a failed pack left a bundle behind"
}
printf '{"uri": "u",\n "by" "x"}' >bad/syntax.json
bad 6 bad/syntax.json "bad/syntax.json: line 2, column 9: invalid JSON: syntax error while parsing object separator - unexpected string literal; expected ':'"
printf '{"uri": "u", "by": "\xff"}' >bad/utf8.json
bad 6 bad/utf8.json "bad/utf8.json: line 1, column 21: invalid JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"\\xff'"
echo '{"by": "x"}' >bad/nouri.json
bad 6 bad/nouri.json "bad/nouri.json: uri: missing; expected a string, the item's identifier"
echo '[{"uri": "a"}, {"uri": "b", "headlines": "x"}]' >bad/type.json
bad 6 bad/type.json "bad/type.json: [1].headlines: found a string; expected an array"
echo '{"uri": "u", "associations": [{"name": "p", "renditions": [{"href": "gone.jpg"}]}]}' \
  >bad/missing.json
bad 7 bad/missing.json "bad/missing.json: associations[0].renditions[0].href: \"gone.jpg\" does not exist; expected a file in bad"
echo '{"uri": "u", "associations": [{"name": "p", "renditions": [{"href": "../x.jpg"}]}]}' \
  >bad/outside.json
bad 6 bad/outside.json "bad/outside.json: associations[0].renditions[0].href: \"../x.jpg\" has a \"..\" component; expected a relative file name inside the document's folder ('/'-separated, no \"..\", no backslash or control bytes)"
bad 7 nothere.json "nothere.json: does not exist; expected a ninjs document"
mkdir -p tree/deep && cp bad/nouri.json tree/deep/item.ninjs.json
bad 6 tree "tree/deep/item.ninjs.json: uri: missing; expected a string, the item's identifier"
mkdir arc && cp bad/missing.json arc/doc.ninjs.json && tar -C arc -cf bad.tar doc.ninjs.json
bad 7 bad.tar "bad.tar:doc.ninjs.json: associations[0].renditions[0].href: \"gone.jpg\" does not exist; expected gone.jpg in bad.tar"
# Two items with one id: the second is refused, naming the document and the item.
echo '[{"uri": "same"}, {"uri": "same"}]' >bad/twice.json
bad 6 bad/twice.json "bad/twice.json item [1]: uri: 'same' is also the uri of bad/twice.json item [0]; expected each article id once in a bundle"
cp bad/twice.json arc/twice.ninjs.json && tar -C arc -cf twice.tar twice.ninjs.json
bad 6 twice.tar "twice.tar:twice.ninjs.json item [1]: uri: 'same' is also the uri of twice.tar:twice.ninjs.json item [0]; expected each article id once in a bundle"

# Unknown properties and times the model cannot hold: packed, with a note each.
mkdir odd
echo '{"uri": "u", "headline": "1.x", "versioncreated": "2021-05-26T13:40:18"}' >odd/odd.json
expect 0 "$NEWSARC" pack odd/odd.json -o odd.newsarc
contains err "newsarc: note: left out: odd/odd.json: headline: a property ninjs 2.x does not define (unknown key)"
contains out "; 1 left out (see the notes)"
contains err "newsarc: note: odd/odd.json: versioncreated: \"2021-05-26T13:40:18\" is not an RFC 3339 time; kept as ninjs:versioncreated, not as the article's date"
expect 0 "$NEWSARC" show odd.newsarc u --format ninjs
contains out '"versioncreated": "2021-05-26T13:40:18"'
lacks out "1.x"

# A file that pack would take for a ninjs document cannot be extracted as ninjs.
mkdir -p named/a
cp "$SRC/samples/busan-ferries/ferry.jpg" named/a/x.ninjs.json
sed 's/"ferry.jpg"/"x.ninjs.json"/' "$SRC/samples/busan-ferries/article.json" >named/a/article.json
expect 0 "$NEWSARC" pack named -o named.newsarc --quiet
expect 6 "$NEWSARC" extract named.newsarc -o namedout --format ninjs
one_error_line
contains err "newsarc: error: named.newsarc: article $BUSAN: the file \"x.ninjs.json\" ends in .ninjs.json, which pack would read as a ninjs document; expected another export format for this article (--format folder)"

expect 0 "$NEWSARC" show --help
contains out "ninjs (an IPTC ninjs 2.x item)"
expect 0 "$NEWSARC" extract --help
contains out "ninjs (item.ninjs.json"

finish
