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

# Hostile files: an HTML page, SVGs and a file without an extension that run script when a
# browser opens them as documents. The site links each as a download, written under a name that
# opens as plain text (page.html.txt), so clicking or opening a link runs nothing; the SVG image
# stays an <img>, which runs no script, and keeps its name. A "page.html.txt" of the article's
# own keeps its name too, and the renamed one moves aside.
MARK='<script>window.newsarcRan=true;document.title="newsarc-script-ran"</script>'
mkdir hostile
cp "$SRC/samples/seed-article/alliance1.jpg" hostile/photo.jpg
echo "<!DOCTYPE html><title>page</title><p>hello</p>$MARK" >hostile/page.html
echo "plain text of the article's own" >hostile/page.html.txt
echo "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">$MARK<rect width=\"40\" height=\"40\" fill=\"teal\"/></svg>" >hostile/x.svg
cp hostile/x.svg hostile/chart.svg
echo "<html><body>$MARK</body></html>" >hostile/notes
cat >hostile/article.json <<'JSON'
{"uri": "urn:test:hostile", "headline": "Files that hold script", "language": "en",
 "body": ["Text.", {"image": "chart"}, {"attachment": "page"}],
 "images": [{"name": "chart", "file": "chart.svg", "mediatype": "image/svg+xml", "alt": "chart"},
            {"name": "photo", "file": "photo.jpg", "mediatype": "image/jpeg"}],
 "attachments": [{"name": "page", "file": "page.html", "mediatype": "text/html"},
                 {"name": "own", "file": "page.html.txt", "mediatype": "text/plain"},
                 {"name": "x", "file": "x.svg", "mediatype": "image/svg+xml"},
                 {"name": "notes", "file": "notes", "mediatype": "application/octet-stream"},
                 {"name": "chart", "file": "chart.svg", "mediatype": "image/svg+xml"}]}
JSON
HOSTILE_FILES=hostile-site/articles/urn_test_hostile/files
expect 0 "$NEWSARC" pack hostile -o hostile.newsarc --quiet
expect 0 "$NEWSARC" extract hostile.newsarc -o hostile-site --format html --quiet
(cd "$HOSTILE_FILES" && ls) >"$OUTPUT/out"
for name in chart.svg chart.svg.txt notes.txt page.html-2.txt page.html.txt photo.jpg x.svg.txt; do
  contains out "$name"
done
if grep -qxE 'page.html|x.svg|notes' "$OUTPUT/out"; then fail "a file kept an active name"; else pass; fi
same hostile/page.html.txt "$HOSTILE_FILES/page.html.txt"
same hostile/page.html "$HOSTILE_FILES/page.html-2.txt"
cp hostile-site/articles/urn_test_hostile/index.html "$OUTPUT/out"
contains out '<a href="files/page.html-2.txt" download="page.html">page.html</a>'
contains out '<a href="files/x.svg.txt" download="x.svg">x.svg</a>'
contains out '<img src="files/chart.svg" alt="chart">'
expect 0 python3 "$CHECK" hostile-site --click
cat "$OUTPUT/out"
contains out "hostile-site: 2 pages, 2 images, "
contains out ", 6 file links, "
contains out "; 0 problems"
# The same files linked as they were before (directly, under their own names): the check sees
# every script run, or it could not fail.
cp -r hostile-site hostile-old
(cd hostile-old/articles/urn_test_hostile && cp ../../../hostile/{page.html,x.svg,notes} files/ &&
  sed -i -e 's|files/page.html-2.txt" download="page.html"|files/page.html"|g' \
    -e 's|files/x.svg.txt" download="x.svg"|files/x.svg"|' \
    -e 's|files/chart.svg.txt" download="chart.svg"|files/chart.svg"|' index.html)
expect 1 python3 "$CHECK" hostile-old --click
cat "$OUTPUT/out"
for name in page.html x.svg chart.svg; do
  contains out "problem: articles/urn_test_hostile/index.html: the link to files/$name has no download attribute"
  contains out "problem: articles/urn_test_hostile/index.html: opening files/$name ran its script"
  contains out "problem: articles/urn_test_hostile/index.html: clicking the link to files/$name ran its script"
done
lacks out "notes"

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
