# verify --seal N: state N of a bundle's chain of states verified as it was sealed (the chain
# itself is tested on appended bundles in tests/unit/append_verify_test.cpp, which runs this
# command on them too). A bundle never appended to is its state 0.
source "$(dirname "$0")/lib.sh"

expect 0 "$NEWSARC" keygen -p a.pub -s a.key --no-password
expect 0 "$NEWSARC" pack "$SRC/samples" -o s.newsarc --sign a.key --quiet

# State 0 of a bundle never appended to is the bundle: the same report as without --seal.
expect 0 "$NEWSARC" verify s.newsarc --key a.pub
cp "$OUTPUT/out" whole.txt
expect 0 "$NEWSARC" verify s.newsarc --key a.pub --seal 0
same "$OUTPUT/out" whole.txt
contains out "s.newsarc: verified: intact, and signed by the trusted keys required"
lacks out "FAIL"
expect 0 "$NEWSARC" verify s.newsarc --seal 0 --quick --key a.pub
lacks out "coverage"
expect 0 "$NEWSARC" verify s.newsarc --seal 0 --json
contains out '"name": "counts"'

# A state the bundle does not have: exit 7, as an unknown article, with the reason on stderr.
expect 7 "$NEWSARC" verify s.newsarc --seal 1
one_error_line
contains out "FAIL  chain: state 1 at offset "
contains err "newsarc: error: s.newsarc: chain: state 1 at offset "
contains err ": no such state: the state at "
contains err " has sequence 0"
# Not a number.
expect 2 "$NEWSARC" verify s.newsarc --seal one
expect 2 "$NEWSARC" verify s.newsarc --seal -1

# Documented in the help.
expect 0 "$NEWSARC" verify --help
contains out "--seal"
contains out "chain of states"

finish
