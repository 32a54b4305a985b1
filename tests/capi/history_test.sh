#!/usr/bin/env bash
# A bundle of three states for capi_test history: urn:h:a packed as "A1" with an image, appended
# as "A2" (the same image) with urn:h:b ("B1"), then as "A3".
# Usage: history_test.sh NEWSARC CAPI_TEST SAMPLES_DIR
set -euo pipefail
newsarc=$1
capi_test=$2
samples=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/newsarc-capi-history.XXXXXX")
trap 'rm -rf "$work"' EXIT
article() {  # DIR ID HEADLINE
  mkdir -p "$1"
  cp "$samples/busan-ferries/ferry.jpg" "$1/ferry.jpg"
  printf '{"uri": "%s", "headline": "%s", "images": [{"name": "ferry", "file": "ferry.jpg", "mediatype": "image/jpeg"}]}\n' \
    "$2" "$3" >"$1/article.json"
}
article "$work/0/a" urn:h:a A1
article "$work/1/a" urn:h:a A2
article "$work/1/b" urn:h:b B1
article "$work/2/a" urn:h:a A3
"$newsarc" pack "$work/0" -o "$work/h.newsarc" --quiet >/dev/null
"$newsarc" append "$work/h.newsarc" "$work/1" --quiet >/dev/null
"$newsarc" append "$work/h.newsarc" "$work/2" --quiet >/dev/null
"$capi_test" history "$work/h.newsarc"
