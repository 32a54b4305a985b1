# The main job as a user runs it: keygen, pack with a signature, list, info, verify, extract,
# and the files pack writes back out are the files that went in.
source "$(dirname "$0")/lib.sh"
SEED="$SRC/samples/seed-article"
ID="urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance"

expect 0 "$NEWSARC" --version
contains out "newsarc 0."

expect 0 "$NEWSARC" keygen -p pub.key -s sec.key --no-password
contains out "key id "
[ "$(stat -c %a sec.key)" = 600 ] || fail "secret key mode is $(stat -c %a sec.key), not 600"
expect 5 "$NEWSARC" keygen -p pub.key -s sec.key --no-password  # exists: refused
contains err "already exists"

# Two article folders: the seed and a copy with another id.
mkdir -p in/seed in/copy
cp "$SEED"/* in/seed/
cp "$SEED"/* in/copy/
sed -i 's/2019-06-30:alliance/2019-06-30:alliance-copy/' in/copy/article.json
rm in/copy/README.md

expect 0 "$NEWSARC" pack in -o day.newsarc --sign sec.key --title "June 2019"
contains out "packed 2 articles"
contains err "left out: in/seed/README.md: article.json does not name it"
expect 5 "$NEWSARC" pack in -o day.newsarc  # refuses to replace
one_error_line
contains err "already exists"
expect 0 "$NEWSARC" pack in -o day.newsarc --sign sec.key --title "June 2019" --force --quiet
[ ! -s "$OUTPUT/err" ] || fail "--quiet printed to stderr"

expect 0 "$NEWSARC" list day.newsarc
contains out "$ID"
contains out "Republic of Korea-U.S. alliance to evolve"
contains out "Joo-Hyeong, Lee"
contains out "2 articles"
expect 0 "$NEWSARC" list day.newsarc --json
[ "$(wc -l <"$OUTPUT/out")" = 2 ] || fail "list --json did not print 2 lines"
contains out "\"id\":\"$ID\""
contains out "\"bylines\":[\"Joo-Hyeong, Lee\"]"

expect 0 "$NEWSARC" info day.newsarc
contains out "title:       June 2019"
contains out "articles:    2"
contains out "signature:   key"

expect 0 "$NEWSARC" verify day.newsarc --key pub.key
contains out "day.newsarc: verified"
contains out "trusted-key"
expect 0 "$NEWSARC" verify day.newsarc --quick --key pub.key
# --quick reads the tail alone: no page, cluster, record or content extent is checked.
for check in extent-table-page extent-digest index-page cluster record content-digest coverage; do
  lacks out "$check:"
done
contains out "ok    seal: "
contains out "day.newsarc: verified"

# --article proves the articles named alone (check "article"), repeatable or several at once.
expect 0 "$NEWSARC" verify day.newsarc --key pub.key --article "$ID"
contains out "ok    article: $ID: proved"
lacks out "ok    article: $ID-copy"
lacks out "coverage:"
contains out "day.newsarc: verified"
expect 0 "$NEWSARC" verify day.newsarc --key pub.key --article "$ID" "$ID-copy"
contains out "ok    article: $ID: proved"
contains out "ok    article: $ID-copy: proved"
expect 0 "$NEWSARC" verify day.newsarc --key pub.key --article "$ID" --article "$ID-copy" --json
[ "$(grep -c '"name": "article"' "$OUTPUT/out")" = 2 ] || fail "verify --json: not two article checks"
contains out '"ok": true'
# An id the bundle does not hold: the check fails and says so; exit 7 (not found), not 3.
expect 7 "$NEWSARC" verify day.newsarc --article urn:no:such:article
contains out "FAIL  article: urn:no:such:article: no article with this id in the bundle"
contains err "newsarc: error: day.newsarc: article: urn:no:such:article: no article with this id"
# --quick and --article together: a usage error. verify has no --jobs any more.
expect 2 "$NEWSARC" verify day.newsarc --quick --article "$ID"
one_error_line
contains err "--quick excludes --article (see 'newsarc verify --help')"
expect 2 "$NEWSARC" verify day.newsarc --jobs 2
one_error_line
expect 0 "$NEWSARC" verify day.newsarc --json
contains out '"ok": true'

# A signature by another key does not satisfy --key: exit 4.
expect 0 "$NEWSARC" keygen -p other.pub -s other.key --no-password
expect 4 "$NEWSARC" verify day.newsarc --key other.pub
contains err "newsarc: error: "
contains err "no valid signature by this key"

# Adding a signature later keeps every byte before the signature section.
expect 0 "$NEWSARC" sign day.newsarc --key other.key --signer "City Archive"
expect 0 "$NEWSARC" verify day.newsarc --key pub.key --key other.pub
expect 0 "$NEWSARC" info day.newsarc
contains out "signer: City Archive, signed 20"

# Extract everything, then one article: byte-identical files.
expect 0 "$NEWSARC" extract day.newsarc -o out
contains out "extracted 2 articles"
folder=out/urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance
for f in article.json alliance1.jpg alliance2.jpg presentation.pdf original.txt; do
  same "$SEED/$f" "$folder/$f"
done
[ ! -e "$folder/README.md" ] || fail "an unpacked file came back"
expect 0 "$NEWSARC" extract day.newsarc "$ID" -o one
same "$SEED/article.json" "one/urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance/article.json"
[ "$(ls one | wc -l)" = 1 ] || fail "extract of one id wrote more than one folder"
expect 5 "$NEWSARC" extract day.newsarc "$ID" -o one  # exists: refused
expect 0 "$NEWSARC" extract day.newsarc "$ID" -o one --force

# What extract writes, pack reads back into the same articles.
expect 0 "$NEWSARC" pack out -o again.newsarc
expect 0 "$NEWSARC" list again.newsarc --json
cp "$OUTPUT/out" again.list
expect 0 "$NEWSARC" list day.newsarc --json
same "$OUTPUT/out" again.list

finish
