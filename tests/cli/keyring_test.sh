# Keys as an archive keeps them over the years: comments on key files, the signer text of a
# signature (--comment), and verify --keyring, which any one key of a folder of .pub files
# satisfies.
source "$(dirname "$0")/lib.sh"

expect 0 "$NEWSARC" keygen -p a.pub -s a.key --no-password --comment "City Archive 2026"
[ "$(head -n 1 a.pub)" = "untrusted comment: City Archive 2026" ] || fail "a.pub comment line"
[ "$(head -n 1 a.key)" = "untrusted comment: City Archive 2026" ] || fail "a.key comment line"
expect 6 "$NEWSARC" keygen -p b.pub -s b.key --no-password --comment "$(printf 'two\nlines')"
one_error_line
contains err "untrusted comment: expected one line"
[ ! -e b.pub ] && [ ! -e b.key ] || fail "a refused keygen left a key file"
expect 0 "$NEWSARC" keygen -p b.pub -s b.key --no-password
expect 0 "$NEWSARC" keygen -p c.pub -s c.key --no-password

expect 0 "$NEWSARC" pack "$SRC/samples" -o s.newsarc --sign a.key --comment "Desk A" --quiet
expect 0 "$NEWSARC" sign s.newsarc --key b.key --comment "Desk B"
expect 0 "$NEWSARC" info s.newsarc
contains out "signer: Desk A, signed 20"
contains out "signer: Desk B, signed 20"

# A keyring holding a signer's key (with an unrelated key beside it) is satisfied.
mkdir ring other empty
cp c.pub b.pub ring/
cp c.pub other/
echo "not a key" >empty/README
expect 0 "$NEWSARC" verify s.newsarc --keyring ring
contains out "ok    keyring: keyring (2 keys): signature 1 is a valid signature by key"
contains out "s.newsarc: verified"
expect 0 "$NEWSARC" verify s.newsarc --keyring ring --quick --json
contains out '"name": "keyring"'

# No key of the keyring signed: exit 4, the signature code, with the reason on stderr.
expect 4 "$NEWSARC" verify s.newsarc --keyring other
one_error_line
contains err "newsarc: error: s.newsarc: keyring: keyring (1 key) at offset "
contains err ": no valid signature by any key of the keyring; expected at least one"
# --key and --keyring together: both must hold.
expect 4 "$NEWSARC" verify s.newsarc --keyring ring --key c.pub
contains err "trusted-key: key"

# A keyring that is not one.
expect 7 "$NEWSARC" verify s.newsarc --keyring missing
contains err "newsarc: error: missing: does not exist; expected a keyring folder of .pub files"
expect 6 "$NEWSARC" verify s.newsarc --keyring empty
contains err "newsarc: error: empty: holds no .pub file; expected a keyring of minisign public keys"
echo "untrusted comment: x" >empty/bad.pub
echo "not base64" >>empty/bad.pub
expect 6 "$NEWSARC" verify s.newsarc --keyring empty
one_error_line
contains err "empty/bad.pub"

finish
