# list filters, show in every format, help COMMAND, extract to every archive form, and names that
# a file system would not store as written.
source "$(dirname "$0")/lib.sh"
SEED_ID="urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance"
BUSAN_ID="urn:newsarc:samples:2024-03-01:busan-ferries"

expect 0 "$NEWSARC" pack "$SRC/samples" -o s.newsarc --quiet

expect 0 "$NEWSARC" list s.newsarc
contains out "ID"
contains out "HEADLINE — BYLINES"
contains out "5 articles"
expect 0 "$NEWSARC" list s.newsarc --since 2020-01-01
contains out "$BUSAN_ID"
lacks out "$SEED_ID"
contains out "4 articles of 5"
expect 0 "$NEWSARC" list s.newsarc --until 2019-12-31 --json
contains out "\"id\":\"$SEED_ID\""
lacks out "$BUSAN_ID"
expect 0 "$NEWSARC" list s.newsarc --match ALLIANCE
contains out "$SEED_ID"
lacks out "$BUSAN_ID"
expect 0 "$NEWSARC" list s.newsarc --match 김민지
contains out "$BUSAN_ID"
expect 0 "$NEWSARC" list s.newsarc --match "no such text"
contains out "0 articles of 5"
expect 2 "$NEWSARC" list s.newsarc --since 2020-1-1
one_error_line
contains err "newsarc: error: --since: '2020-1-1' is not a date; expected YYYY-MM-DD, a day that exists (see 'newsarc list --help')"

expect 0 "$NEWSARC" show s.newsarc "$SEED_ID"
contains out "Republic of Korea-U.S. alliance to evolve"
contains out "By Joo-Hyeong, Lee (reporter) <Jataka@dema.mil.kr>"
contains out "[image: alliance1.jpg]"
contains out "Attachments:"
contains out "presentation.pdf (application/pdf)"
expect 0 "$NEWSARC" show s.newsarc "$SEED_ID" --format markdown
contains out "# Republic of Korea-U.S. alliance"
contains out "](alliance1.jpg)"
contains out "## Attachments"
expect 0 "$NEWSARC" show s.newsarc "$SEED_ID" --format json
same "$OUTPUT/out" "$SRC/samples/seed-article/article.json"
expect 7 "$NEWSARC" show s.newsarc urn:none
one_error_line
contains err "newsarc: error: s.newsarc: no article with id 'urn:none'"
expect 2 "$NEWSARC" show s.newsarc "$SEED_ID" --format pdf
one_error_line
contains err "newsarc: error: --format: pdf not in {text,markdown,json,ninjs} (see 'newsarc show --help')"

expect 0 "$NEWSARC" help pack
contains out "Example:"
contains out "--jobs"
expect 0 "$NEWSARC" help
contains out "Exit codes:"
expect 2 "$NEWSARC" help frobnicate
one_error_line
contains err "newsarc: error: no command 'frobnicate'; run 'newsarc help' for the list"

# extract to a folder and to every archive form: the same files, and pack reads each back.
expect 0 "$NEWSARC" extract s.newsarc -o folder
expect 0 "$NEWSARC" list s.newsarc --json
cp "$OUTPUT/out" s.list
for target in out.tar out.tar.gz out.tar.zst out.zip; do
  expect 0 "$NEWSARC" extract s.newsarc -o "$target"
  contains out "extracted 5 articles to $target"
  mkdir "x-$target"
  case $target in
    *.zip) unzip -q "$target" -d "x-$target" ;;
    *.zst) tar --zstd -C "x-$target" -xf "$target" ;;
    *) tar -C "x-$target" -xf "$target" ;;
  esac
  diff -r folder "x-$target" >/dev/null || fail "$target: files differ from the folder extract"
  expect 0 "$NEWSARC" pack "$target" -o "$target.newsarc" --quiet
  expect 0 "$NEWSARC" list "$target.newsarc" --json
  same "$OUTPUT/out" s.list
  expect 5 "$NEWSARC" extract s.newsarc -o "$target"
  one_error_line
  contains err "newsarc: error: $target: "
done
expect 0 "$NEWSARC" extract s.newsarc "$BUSAN_ID" -o out.zip --force
ls -a | grep -q '\.tmp-' && fail "extract left a temporary file"
mkdir readonly && chmod 555 readonly
if [ "$(id -u)" != 0 ]; then
  expect 5 "$NEWSARC" extract s.newsarc -o readonly/x.tar
  one_error_line
fi

# The HTML export: the same site in a folder and in every archive form, refused over itself.
expect 0 "$NEWSARC" extract s.newsarc -o site --format html
contains out "extracted 5 articles to site"
contains out "open site/index.html in a web browser"
for file in index.html style.css articles/urn_newsarc_samples_2024-03-01_busan-ferries/index.html \
  articles/urn_newsarc_samples_2024-03-01_busan-ferries/files/ferry.jpg; do
  [ -f "site/$file" ] || fail "the HTML export lacks $file"
done
grep -q '<a href="articles/urn_newsarc_samples_2024-03-01_busan-ferries/index.html">부산–제주 여객선 운항 재개</a>' \
  site/index.html || fail "index.html does not link the Korean article by its headline"
for target in site.tar site.tar.gz site.tar.zst site.zip; do
  expect 0 "$NEWSARC" extract s.newsarc -o "$target" --format html
  lacks out "open "
  mkdir "x-$target"
  case $target in
    *.zip) unzip -q "$target" -d "x-$target" ;;
    *.zst) tar --zstd -C "x-$target" -xf "$target" ;;
    *) tar -C "x-$target" -xf "$target" ;;
  esac
  diff -r site "x-$target" >/dev/null || fail "$target: files differ from the folder's HTML export"
done
expect 5 "$NEWSARC" extract s.newsarc -o site --format html
one_error_line
contains err "already exists; refusing to replace it"
expect 0 "$NEWSARC" extract s.newsarc -o site --format html --force
expect 2 "$NEWSARC" extract s.newsarc -o other --format pdf
one_error_line
contains err "newsarc: error: --format: pdf not in {folder,html,ninjs} (see 'newsarc extract --help')"
expect 0 "$NEWSARC" help extract
contains out "--format html"

# A file name Windows reserves comes out renamed, in article.json too, and packs again.
mkdir -p dev/a
cp "$SRC/samples/busan-ferries/ferry.jpg" dev/a/con.jpg
sed 's/"ferry.jpg"/"con.jpg"/' "$SRC/samples/busan-ferries/article.json" >dev/a/article.json
expect 0 "$NEWSARC" pack dev -o dev.newsarc --quiet
expect 0 "$NEWSARC" extract dev.newsarc -o devout
[ -f devout/urn_newsarc_samples_2024-03-01_busan-ferries/_con.jpg ] || fail "con.jpg was not renamed"
grep -q '"file": "_con.jpg"' devout/urn_newsarc_samples_2024-03-01_busan-ferries/article.json ||
  fail "article.json does not name the renamed file"
expect 0 "$NEWSARC" pack devout -o devagain.newsarc --quiet

# extract never writes through a symbolic link it did not create.
mkdir elsewhere
mkdir -p linked && ln -s ../elsewhere linked/urn_newsarc_samples_2024-03-01_busan-ferries
expect 5 "$NEWSARC" extract s.newsarc "$BUSAN_ID" -o linked --force
one_error_line
contains err "is a symbolic link; refusing to write through or over it"
[ -z "$(ls elsewhere)" ] || fail "extract wrote through a symbolic link"

finish
