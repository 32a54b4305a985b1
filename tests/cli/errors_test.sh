# Every failure: the documented exit code and one "newsarc: error:" line naming the file.
source "$(dirname "$0")/lib.sh"
SEED="$SRC/samples/seed-article"

expect 2 "$NEWSARC"
one_error_line
contains err "newsarc: error: A subcommand is required (see 'newsarc --help')"
expect 2 "$NEWSARC" frobnicate
one_error_line
contains err "newsarc: error: no command 'frobnicate'; run 'newsarc help' for the list"
expect 2 "$NEWSARC" pack
one_error_line
contains err "newsarc: error: INPUT is required (see 'newsarc pack --help')"
expect 2 "$NEWSARC" pack "$SEED" -o x.newsarc --level 99 --bogus
one_error_line
contains err "(see 'newsarc pack --help')"
expect 0 "$NEWSARC" --help
for code in "0  success" "2  usage error" "3  the bundle is invalid" "4  a signature" "5  a file" "6  invalid input" "7  an article"; do
  contains out "$code"
done
for command in keygen pack list info extract verify sign seal; do
  expect 0 "$NEWSARC" "$command" --help
  contains out "Example:"
done

expect 5 "$NEWSARC" list missing.newsarc
one_error_line
contains err "missing.newsarc"

echo "not a bundle at all, just some text that is long enough to hold a header and a footer, \
and then some more text so that it is longer than two hundred and twenty-four bytes in all, the \
size of a header and a footer of a bundle, which it is, surely, by now." >text.newsarc
[ "$(wc -c <text.newsarc)" -ge 224 ] || fail "text.newsarc is shorter than a header and a footer"
expect 3 "$NEWSARC" list text.newsarc
one_error_line
contains err "text.newsarc: offset 0: not a newsarc bundle"
expect 3 "$NEWSARC" verify text.newsarc
contains err "text.newsarc"

cp -r "$SEED" seed
expect 0 "$NEWSARC" keygen -p pub.key -s sec.key --no-password
expect 0 "$NEWSARC" pack seed -o good.newsarc --sign sec.key --quiet

# The newcomer's slips: each message says what to do.
expect 5 "$NEWSARC" pack seed -o good.newsarc --quiet
one_error_line
contains err "newsarc: error: good.newsarc: already exists; refusing to replace it (--force replaces it)"
expect 5 "$NEWSARC" keygen -p pub.key -s sec.key --no-password
contains err "already exists; refusing to replace it (--force replaces it)"
expect 6 "$NEWSARC" pack seed -o signed.newsarc --sign pub.key
one_error_line
contains err "pub.key: line 2: expected base64 of 158 bytes (minisign secret key), found 42 bytes, a minisign public key; give the secret key file here (keygen -s), not the .pub"
expect 6 "$NEWSARC" verify good.newsarc --key sec.key
contains err "sec.key: line 2: expected base64 of 42 bytes (minisign Ed25519 public key), found 158 bytes, a minisign secret key; give the public key file here (keygen -p)"
expect 0 "$NEWSARC" pack seed -o looks-like.zip
contains err "newsarc: warning: looks-like.zip will be a newsarc bundle, not a .zip file; the usual name ends in .newsarc"
expect 0 "$NEWSARC" pack seed -o looks-like.tar.zst --quiet
[ -s "$OUTPUT/err" ] && fail "--quiet printed a warning"
mkdir -p twice/a twice/b && cp -r seed/* twice/a/ && cp -r seed/* twice/b/
expect 6 "$NEWSARC" pack twice -o twice.newsarc --quiet
one_error_line
contains err "twice/b/article.json: uri: 'urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance' is also the uri of twice/a/article.json; expected each article id once in a bundle"

# A damaged byte in the data (inside the first image's content extent): verify names the
# extent and its offset; exit 3.
cp good.newsarc bad.newsarc
printf '\x00' | dd of=bad.newsarc bs=1 seek=100000 conv=notrunc status=none
expect 3 "$NEWSARC" verify bad.newsarc --key pub.key
contains out "FAIL  extent-digest: content at "
contains err "bad.newsarc: extent-digest: content at "
contains err "stored bytes have SHA-256 "
# Proving the article alone finds the same damage, along the article's path: exit 3.
expect 3 "$NEWSARC" verify bad.newsarc --key pub.key --article urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance
contains out "FAIL  content-digest: image 0 of urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance"
contains out "FAIL  article: urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance: not proved"
contains err "bad.newsarc: content-digest: image 0 of "
# Truncated: exit 3, says where.
head -c 300000 good.newsarc >cut.newsarc
expect 3 "$NEWSARC" list cut.newsarc
one_error_line
contains err "cut.newsarc: offset"

expect 7 "$NEWSARC" extract good.newsarc urn:no:such:article -o x
one_error_line
contains err "no article with id 'urn:no:such:article'"

# Invalid input: exit 6, naming the file and the field; nothing written.
sed -i 's/"uri": "urn/"uri": 5, "x": "urn/' seed/article.json
expect 6 "$NEWSARC" pack seed -o never.newsarc
one_error_line
contains err "seed/article.json"
[ ! -e never.newsarc ] || fail "a failed pack left a bundle behind"
ls -a | grep -q '\.tmp-' && fail "a failed pack left a temporary file"
cp "$SEED/article.json" seed/article.json
rm seed/alliance2.jpg
expect 7 "$NEWSARC" pack seed -o never.newsarc
contains err "alliance2.jpg"
[ ! -e never.newsarc ] || fail "a failed pack left a bundle behind"

# A secret key where a public key belongs, and a garbage key.
expect 6 "$NEWSARC" verify good.newsarc --key sec.key
one_error_line
echo "untrusted comment: nothing" >junk.pub
echo "bm90IGEga2V5" >>junk.pub
expect 6 "$NEWSARC" verify good.newsarc --key junk.pub
contains err "junk.pub"

# Hostile names in a bundle (tests/data/invalid/): damage, exit 3, one short line, nothing written.
for name in dotdot-name absolute-name nul-in-name control-bytes-in-name 4000-byte-name; do
  for target in "out-$name" "out-$name.tar"; do
    expect 3 "$NEWSARC" extract "$SRC/tests/data/invalid/extract-$name.newsarc" -o "$target"
    one_error_line
    [ "$(wc -c <"$OUTPUT/err")" -lt 600 ] || fail "extract-$name: the error line is long"
    [ ! -e "$target" ] || fail "extract-$name: $target was written"
  done
done
[ ! -e /tmp/newsarc-escape.png ] || fail "extract wrote an absolute path"

finish
