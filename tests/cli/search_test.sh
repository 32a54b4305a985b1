# newsarc pack --index, index and search as a user runs them: hits in every script, fields and
# dates, JSON whose snippets are the articles' own bytes, inert terminal text, several bundles,
# an index older than the bundle, and every refusal with its exit code.
source "$(dirname "$0")/lib.sh"

# article DIR URI HEADLINE DATE BODY [BYLINE]
article() {
  mkdir -p "$1"
  jq -n --arg uri "$2" --arg headline "$3" --arg date "$4" --arg body "$5" --arg by "${6:-}" \
    '{uri: $uri, headline: $headline, firstcreated: $date, body: [$body]}
     + (if $by == "" then {} else {bylines: [{name: $by}]} end)' >"$1/article.json"
}

article in/cafe urn:t:cafe "Un café crème à Montréal" 2019-06-30 \
  "Le Café Étoile a rouvert. Its owner spoke of a strategic alliance with the bakery." "Zoë Kim"
article in/evil urn:t:evil $'Evil \e]0;owned\a headline' 2018-01-15 \
  $'Escape \e[2J and <b>markup</b> & friends stay text: alliance.'

# The samples: the seed article and the Korean one.
expect 0 "$NEWSARC" pack "$SRC/samples/seed-article" "$SRC/samples/busan-ferries" in \
  -o a.newsarc --index --quiet
expect 0 "$NEWSARC" verify a.newsarc
contains out "intact"

expect 0 "$NEWSARC" search a.newsarc '여객선'
contains out "부산–제주 여객선 운항 재개"
contains out "urn:newsarc:samples:2024-03-01:busan-ferries"
contains out "1 article matches; 1 to 1 shown"
expect 0 "$NEWSARC" search a.newsarc 'cafe etoile'
contains out "urn:t:cafe"
expect 0 "$NEWSARC" search a.newsarc 'byline:zoe'
contains out "urn:t:cafe"
expect 0 "$NEWSARC" search a.newsarc 'alliance date:2019-06..2019-06' --json
test "$(jq -r '.hits | map(.id) | sort | join(" ")' "$OUTPUT/out")" = \
  "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance urn:t:cafe" && pass ||
  fail "date range: $(cat "$OUTPUT/out")"
expect 0 "$NEWSARC" search a.newsarc 'headline:"strategic alliance"' --json
test "$(jq -r '.hits[0].id' "$OUTPUT/out")" = \
  "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance" && pass || fail "headline phrase"

# JSON: each highlight is a range of the snippet holding a matched word; the snippet is a piece of
# the article's own text (compared with what show --format json gives).
expect 0 "$NEWSARC" search a.newsarc 'alliance' --json --limit 5
cp "$OUTPUT/out" hits.json
test "$(jq '.matches' hits.json)" = 3 && pass || fail "matches: $(jq .matches hits.json)"
for i in 0 1 2; do
  id=$(jq -r ".hits[$i].id" hits.json)
  expect 0 "$NEWSARC" show a.newsarc "$id" --format json
  python3 - hits.json "$OUTPUT/out" "$i" <<'EOF' && pass || fail "snippet of hit $i"
import json, sys
hit = json.load(open(sys.argv[1]))["hits"][int(sys.argv[3])]
article = json.load(open(sys.argv[2]))
texts = [article["headline"]] + article.get("subheadlines", []) + [
    b for b in article.get("body", []) if isinstance(b, str)]
snippet = hit["snippet"].encode()
assert any(snippet in t.encode() for t in texts), hit["snippet"]
assert hit["highlights"], hit
for begin, end in hit["highlights"]:
    assert snippet[begin:end].decode().lower() == "alliance", snippet[begin:end]
EOF
done

# Inert terminal text: the escape sequences of the headline and body are shown escaped.
expect 0 "$NEWSARC" search a.newsarc 'escape'
lacks out $'\e'
contains out 'Evil \x1b]0;owned\x07 headline'
contains out '<b>markup</b> & friends'
expect 0 "$NEWSARC" search a.newsarc 'escape' --json
test "$(jq -r '.hits[0].headline' "$OUTPUT/out")" = $'Evil \e]0;owned\a headline' && pass ||
  fail "JSON keeps the exact headline"

# Pages and orders.
expect 0 "$NEWSARC" search a.newsarc 'alliance' --order oldest --limit 1 --offset 1 --json
test "$(jq -r '.hits[0].id' "$OUTPUT/out")" = "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance" &&
  pass || fail "--order oldest --offset 1"

# Nothing matches: exit 7; a query that does not parse: exit 6; a bad option: exit 2.
expect 7 "$NEWSARC" search a.newsarc 'zzzunknownword'
contains out "0 articles match"
expect 6 "$NEWSARC" search a.newsarc 'alliance AND ('
one_error_line
contains err "query:"
expect 6 "$NEWSARC" search a.newsarc 'date:2019-13..2020'
one_error_line
expect 2 "$NEWSARC" search a.newsarc alliance --order sideways
expect 6 "$NEWSARC" search a.newsarc

# A compact index: smaller, and a phrase matches as its words in any order.
expect 0 "$NEWSARC" pack "$SRC/samples/seed-article" "$SRC/samples/busan-ferries" in \
  -o compact.newsarc --compact-index --quiet
expect 0 "$NEWSARC" search compact.newsarc '"alliance strategic"' --json
test "$(jq '.matches' "$OUTPUT/out")" -ge 1 && pass || fail "compact: a reversed phrase"
expect 7 "$NEWSARC" search a.newsarc '"alliance strategic"'
expect 0 "$NEWSARC" search compact.newsarc '여객선'
contains out "urn:newsarc:samples:2024-03-01:busan-ferries"
test "$(stat -c %s compact.newsarc)" -lt "$(stat -c %s a.newsarc)" && pass || fail "compact size"

# --index with --reproducible is refused: the index is not the same bytes from run to run.
expect 6 "$NEWSARC" pack in -o r.newsarc --index --reproducible
one_error_line
contains err "newsarc index"
test ! -e r.newsarc && pass || fail "a refused pack wrote a bundle"

# A bundle without an index: search refuses it by name (exit 7); newsarc index adds one as a
# new state, keeping every earlier byte and signature.
printf 'secret\n' >password
export NEWSARC_PASSWORD_FILE=$PWD/password
expect 0 "$NEWSARC" keygen -p k.pub -s k.key
expect 0 "$NEWSARC" pack in -o plain.newsarc --sign k.key --quiet
cp plain.newsarc before.newsarc
expect 7 "$NEWSARC" search plain.newsarc cafe
one_error_line
contains err "plain.newsarc"
contains err "no search index"
expect 0 "$NEWSARC" index plain.newsarc --sign k.key
contains out "indexed 2 articles"
contains out "state 1"
cmp -n "$(stat -c %s before.newsarc)" before.newsarc plain.newsarc && pass ||
  fail "index changed earlier bytes"
expect 0 "$NEWSARC" verify plain.newsarc --key k.pub
expect 0 "$NEWSARC" search plain.newsarc cafe
contains out "urn:t:cafe"

# Several bundles ranked together, each hit naming its bundle.
expect 0 "$NEWSARC" search a.newsarc plain.newsarc 'cafe' --json
test "$(jq -r '[.hits[].bundle] | sort | join(" ")' "$OUTPUT/out")" = "a.newsarc plain.newsarc" &&
  pass || fail "two bundles: $(cat "$OUTPUT/out")"
expect 0 "$NEWSARC" search a.newsarc plain.newsarc 'cafe'
contains out "in plain.newsarc"

# After an append, the older index still serves, with a note; the changed article's old words
# are no longer found, and newsarc index brings the new ones.
article in2/cafe urn:t:cafe "Un café fermé" 2019-07-01 "The café closed for the summer."
expect 0 "$NEWSARC" append plain.newsarc in2 --quiet
expect 7 "$NEWSARC" search plain.newsarc bakery
contains err "the search index is of state 1 of 2"
expect 0 "$NEWSARC" index plain.newsarc
expect 0 "$NEWSARC" search plain.newsarc closed
lacks err "note"
contains out "urn:t:cafe"

# A damaged index: search fails with exit 3, verify names the extent.
expect 0 "$NEWSARC" seal a.newsarc -o proof
capnp convert binary:json proof/schema.capnp Seal <proof/seal.bin >seal.json
offset=$(jq -r '.searchIndex.extent.offset' seal.json)
size=$(jq -r '.searchIndex.extent.storedSize' seal.json)
test "$(jq -r '.searchIndex.engine' seal.json)" = "xapian-glass-1.4" && pass || fail "engine"
cp a.newsarc damaged.newsarc
printf '\xff' | dd of=damaged.newsarc bs=1 seek=$((offset + size / 2)) conv=notrunc status=none
expect 3 "$NEWSARC" search damaged.newsarc alliance
one_error_line
contains err "search index: stored bytes have SHA-256"
expect 3 "$NEWSARC" verify damaged.newsarc
contains out "search index at $offset"

finish
