# append, log, list --history, show --version, extract --at: a new state after the last, the
# earlier ones still whole and readable, an unchanged image of a new version not stored again.
source "$(dirname "$0")/lib.sh"

# article DIR ID HEADLINE [IMAGE]: an article folder, with the sample photograph when IMAGE is set.
article() {
  mkdir -p "$1"
  local images=""
  if [ -n "${4:-}" ]; then
    cp "$SRC/samples/busan-ferries/ferry.jpg" "$1/ferry.jpg"
    images=', "images": [{"name": "ferry", "file": "ferry.jpg", "mediatype": "image/jpeg"}]'
  fi
  printf '{"uri": "%s", "headline": "%s", "firstcreated": "2024-05-01"%s}\n' "$2" "$3" "$images" \
    >"$1/article.json"
}
article in0/a urn:t:a "Ferries resume" image
article in0/b urn:t:b "Harbour reopens"
article in1/a urn:t:a "Ferries resume at noon" image
article in1/c urn:t:c "Storm warning lifted"

expect 0 "$NEWSARC" pack in0 -o b.newsarc --quiet
cp b.newsarc original.newsarc
before=$(stat -c %s b.newsarc)
image=$(stat -c %s "$SRC/samples/busan-ferries/ferry.jpg")

# A new version of urn:t:a (same image) and a new article.
expect 0 "$NEWSARC" append b.newsarc in1 --quiet
contains out "appended 2 articles (1 new, 1 new version) to b.newsarc: state 1, "
after=$(stat -c %s b.newsarc)
# The image is not stored again: the state adds far less than its size.
if [ $((after - before)) -lt "$image" ]; then pass; else fail "append grew by $((after - before)) bytes, image $image"; fi
# No byte of the first state changed.
if cmp -s -n "$before" original.newsarc b.newsarc; then pass; else fail "the first state changed"; fi
expect 0 "$NEWSARC" verify b.newsarc --quick
expect 0 "$NEWSARC" verify b.newsarc
contains out "ok    chain: "
contains out "ok    history: "
expect 0 "$NEWSARC" verify b.newsarc --seal 0

expect 0 "$NEWSARC" info b.newsarc
contains out "articles:    3"
contains out "state:       1 of 0..1"
expect 0 "$NEWSARC" info original.newsarc
lacks out "state:"

# list: the newest versions; --history: every version.
expect 0 "$NEWSARC" list b.newsarc
contains out "Ferries resume at noon"
lacks out "Ferries resume  "
contains out "3 articles"
expect 0 "$NEWSARC" list b.newsarc --history
contains out "VER  STATE  STATE CREATED"
contains out "urn:t:a    1      0  "
contains out "urn:t:a    2      1  "
contains out "urn:t:c    1      1  "
contains out "4 versions of 3 articles"
expect 0 "$NEWSARC" list b.newsarc --history --json
contains out '"id":"urn:t:a","headline":"Ferries resume","firstcreated":"2024-05-01","bylines":[],"images":1,"attachments":0,'
contains out '"version":1,"state":0,"stateCreated":'
contains out '"headline":"Ferries resume at noon",'
contains out '"version":2,"state":1,"stateCreated":'
expect 0 "$NEWSARC" list b.newsarc --json
lacks out '"version"'

# show: the newest, or version N.
expect 0 "$NEWSARC" show b.newsarc urn:t:a
contains out "Ferries resume at noon"
expect 0 "$NEWSARC" show b.newsarc urn:t:a --version 1 --format json
contains out '"headline": "Ferries resume"'
expect 0 "$NEWSARC" show b.newsarc urn:t:a --version 2 --format json
contains out '"headline": "Ferries resume at noon"'
expect 7 "$NEWSARC" show b.newsarc urn:t:a --version 3
one_error_line
contains err "article 'urn:t:a' has no version 3; its versions are 1 to 2"
expect 7 "$NEWSARC" show b.newsarc urn:t:c --version 2
contains err "its versions are 1 only"
expect 2 "$NEWSARC" show b.newsarc urn:t:a --version 0

# log: newest first, what each state added.
expect 0 "$NEWSARC" log b.newsarc
contains out "state 1 (current)"
contains out "  articles:  3 (1 new, 1 new version)"
contains out "  new:       urn:t:c"
contains out "  changed:   urn:t:a (version 2)"
contains out "  articles:  2 (2 new, 0 new versions)"
contains out "  new:       urn:t:a, urn:t:b"
contains out "  signed:    not signed"
contains out "  size:      $after bytes ($((after - before)) added by this state)"
if [ "$(grep -n '^state ' "$OUTPUT/out" | cut -d: -f2 | tr '\n' ' ')" = "state 1 (current) state 0 " ]; then
  pass
else
  fail "log is not newest first"
fi
expect 0 "$NEWSARC" log b.newsarc --json
contains out '"state": 1,'
contains out "\"bytesAdded\": $((after - before)),"
contains out '"id": "urn:t:a",'
contains out '"version": 2'
digest0=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["states"][1]["sealDigest"])' "$OUTPUT/out")

# extract --at: the bundle as the state left it, the same as extracting the original file.
expect 0 "$NEWSARC" extract original.newsarc -o x-original --quiet
expect 0 "$NEWSARC" extract b.newsarc -o x-at0 --at 0 --quiet
contains out "extracted 2 articles to x-at0"
if diff -r x-original x-at0 >/dev/null; then pass; else fail "extract --at 0 differs from the original"; fi
expect 0 "$NEWSARC" extract b.newsarc -o x-seal --at "${digest0:0:8}" --quiet
if diff -r x-original x-seal >/dev/null; then pass; else fail "extract --at SEAL differs"; fi
expect 0 "$NEWSARC" extract b.newsarc -o x-now --quiet
contains out "extracted 3 articles to x-now"
expect 7 "$NEWSARC" extract b.newsarc -o x-bad --at 5
one_error_line
contains err "no state 5; the bundle has states 0 to 1"
expect 7 "$NEWSARC" extract b.newsarc -o x-bad --at 0000000000
contains err "no state whose seal digest starts with '0000000000'"
expect 6 "$NEWSARC" extract b.newsarc -o x-bad --at abc
contains err "expected a state number or at least 8 hex digits of a seal digest"

# A signed append: its signer checked by log, its key trusted by verify --quick.
printf 'secret\n' >password
export NEWSARC_PASSWORD_FILE=$PWD/password
expect 0 "$NEWSARC" keygen -p k.pub -s k.key
article in2/d urn:t:d "Festival opens"
expect 0 "$NEWSARC" append b.newsarc in2 --sign k.key --signer $'Desk \u202eevil' --quiet
contains out "state 2, "
contains out "1 signature"
expect 0 "$NEWSARC" verify b.newsarc --quick --key k.pub
expect 0 "$NEWSARC" verify b.newsarc --key k.pub
expect 0 "$NEWSARC" log b.newsarc
contains out "state 2 (current)"
contains out ", valid, signer: Desk \\u202eevil, signed "
lacks out $'\u202e'

# Many ids in one state: the first 10 of each kind, all with --ids and in JSON.
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do article "in3/n$i" "urn:t:n$i" "Item $i"; done
expect 0 "$NEWSARC" append b.newsarc in3 --quiet
contains out "appended 12 articles (12 new, 0 new versions) to b.newsarc: state 3, "
expect 0 "$NEWSARC" log b.newsarc
contains out "  new:       urn:t:n01, urn:t:n02, urn:t:n03, urn:t:n04, urn:t:n05, urn:t:n06, urn:t:n07, urn:t:n08, urn:t:n09, urn:t:n10 and 2 more"
expect 0 "$NEWSARC" log b.newsarc --ids
contains out "urn:t:n10, urn:t:n11, urn:t:n12"
lacks out "more"
expect 0 "$NEWSARC" log b.newsarc --json
contains out '"urn:t:n12"'

# Refusals: not a bundle, no file, an id twice (the bundle then unchanged).
printf 'plain text, not a bundle\n' >text.newsarc
expect 3 "$NEWSARC" append text.newsarc in1
one_error_line
expect 5 "$NEWSARC" append missing.newsarc in1
one_error_line
contains err "missing.newsarc"
mkdir -p twice
article twice/x urn:t:e "One"
article twice/y urn:t:e "Two"
cp b.newsarc kept.newsarc
expect 6 "$NEWSARC" append b.newsarc twice --quiet
one_error_line
contains err "expected each article id once in a bundle"
same b.newsarc kept.newsarc
expect 7 "$NEWSARC" append b.newsarc no-such-folder --quiet
same b.newsarc kept.newsarc
expect 3 "$NEWSARC" log text.newsarc
finish
