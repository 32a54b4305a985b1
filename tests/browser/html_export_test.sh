# The HTML export in a real browser: headless Chromium opens the export of the sample articles and
# of a generated corpus from disk, and check_site.py finds no broken image, no missing file, no
# console error and no request outside file://. A damaged copy must be reported, or the check
# could not fail.
# Usage: bash html_export_test.sh NEWSARC_BINARY SOURCE_DIR [CORPUS_SIZE]
source "$(dirname "$0")/../cli/lib.sh"
CHECK="$SRC/tests/browser/check_site.py"
CORPUS_SIZE=${3:-200}
SEED_FOLDER=articles/urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance
BUSAN_FOLDER=articles/urn_newsarc_samples_2024-03-01_busan-ferries

# export_and_check NAME INPUT COUNT PACK-OPTION...: packs INPUT, exports it as NAME-site and has
# the browser check every page, with the headlines the bundle lists.
export_and_check() {
  local name=$1 input=$2 count=$3
  shift 3
  expect 0 "$NEWSARC" pack "$input" -o "$name.newsarc" --quiet "$@"
  expect 0 "$NEWSARC" extract "$name.newsarc" -o "$name-site" --format html --quiet
  contains out "extracted $count articles to $name-site"
  contains out "open $name-site/index.html in a web browser"
  "$NEWSARC" list "$name.newsarc" --json >"$name.jsonl"
  expect 0 python3 "$CHECK" "$name-site" --headlines "$name.jsonl"
  contains out "$name-site: $((count + 1)) pages, "
  contains out "; 0 problems"
  cat "$OUTPUT/out"
}

# The sample articles (the seed article, the Korean one and the three ninjs items), then a
# generated corpus: every article different in ids, dates, text and file names.
export_and_check seed "$SRC/samples" 5 --title "newsarc samples"
contains out "seed-site: 6 pages, 5 images, "
python3 "$SRC/tests/browser/make_corpus.py" "$SRC/samples" corpus "$CORPUS_SIZE"
export_and_check corpus corpus "$CORPUS_SIZE" --title "A <generated> corpus & more"

# A damaged copy, which the check must report, or it could not fail: the seed article's page lost
# an image and an attachment; the Korean article's page asks the network for an image and carries
# a script.
cp -r seed-site damaged-site
rm "damaged-site/$SEED_FOLDER/files/alliance2.jpg" \
  "damaged-site/$SEED_FOLDER/files/presentation.pdf"
sed -i 's|</body>|<img src="http://127.0.0.1:9/x.png"><script>console.error("ran")</script></body>|' \
  "damaged-site/$BUSAN_FOLDER/index.html"
expect 1 python3 "$CHECK" damaged-site
cat "$OUTPUT/out"
contains out "problem: $SEED_FOLDER/index.html: broken image file://$PWD/damaged-site/$SEED_FOLDER/files/alliance2.jpg"
contains out "problem: $SEED_FOLDER/index.html: link to a missing file $PWD/damaged-site/$SEED_FOLDER/files/presentation.pdf"
contains out "problem: $SEED_FOLDER/index.html: console severe: file://$PWD/damaged-site/$SEED_FOLDER/files/alliance2.jpg - Failed to load resource"
contains out "problem: $BUSAN_FOLDER/index.html: 1 <script> elements, expected none"
contains out "problem: $BUSAN_FOLDER/index.html: resource outside the site: http://127.0.0.1:9/x.png"
contains out "problem: $BUSAN_FOLDER/index.html: requested http://127.0.0.1:9/x.png, expected only file:// URLs"
contains out "problem: $BUSAN_FOLDER/index.html: broken image http://127.0.0.1:9/x.png"
contains out "problem: $BUSAN_FOLDER/index.html: console severe: "
lacks out "problem: index.html"

finish
