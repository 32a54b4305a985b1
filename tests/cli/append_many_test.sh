#!/usr/bin/env bash
# Many small appends spread over the ids (bench/make_scale_bundle.cpp --append's pattern) leave
# empty levels below open ones in the index writer: every state's pages must stay in post-order,
# which a full verification checks (coverage). State 190 of this bundle broke it before the
# writer reserved room past empty levels (PageTreeBuilder::reserve).
source "$(dirname "$0")/lib.sh"
GENERATOR=$(dirname "$NEWSARC")/make_scale_bundle
[ -x "$GENERATOR" ] || { echo "SKIP: $GENERATOR is not built"; exit 0; }
"$GENERATOR" 10000 b.newsarc >/dev/null
for round in $(seq 1 200); do
  "$GENERATOR" --append 10 10000 b.newsarc "$round" >/dev/null
done
expect 0 "$NEWSARC" verify b.newsarc
contains out "ok    coverage: "
expect 0 "$NEWSARC" verify b.newsarc --seal 150
finish
