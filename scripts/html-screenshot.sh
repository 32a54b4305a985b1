#!/usr/bin/env bash
# Remakes docs/html-export-seed.png, the README's picture of the HTML export: the seed article's
# page of the demo's web site (scripts/demo.sh makes it) as headless Chromium shows it in a
# 1200 x 1600 window.
set -euo pipefail
cd "$(dirname "$0")/.."
page=out/demo/site/articles/urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance/index.html
[ -f "$page" ] || bash scripts/demo.sh >/dev/null
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Root needs --no-sandbox; without the background-networking flags Chromium stalls on a closed
# network.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1200,1600 \
  --screenshot="$PWD/docs/html-export-seed.png" "file://$PWD/$page" 2>/dev/null
echo "wrote docs/html-export-seed.png"
