# pack reads the same articles from a folder tree, a .tar, .tar.gz, .tar.zst, .zip and a tar
# stream on stdin: list --json and the extracted files are identical whatever the input.
source "$(dirname "$0")/lib.sh"
SEED="$SRC/samples/seed-article"
BUSAN="$SRC/samples/busan-ferries"

# A small corpus: the two samples and generated variants in a deeper folder, one with an unnamed
# file and one with an unknown key.
mkdir -p in/seed in/busan
cp "$SEED"/* in/seed/
cp "$BUSAN"/* in/busan/
for n in 1 2 3 4; do
  mkdir -p "in/more/v$n"
  cp "$BUSAN"/* "in/more/v$n/"
  sed -i "s/busan-ferries/busan-ferries-v$n/; s/부산–제주 여객선 운항 재개/variant $n/" "in/more/v$n/article.json"
done
printf 'extra bytes %s\n' {1..100} >in/more/v2/ferry-notes.txt
sed -i 's/"uri":/"x-unknown": "kept out", "uri":/' in/more/v3/article.json

expect 0 "$NEWSARC" pack in -o folder.newsarc --description "from a folder"
contains out "packed 6 articles"
contains out "; 2 left out (see the notes)"
contains err "newsarc: note: left out: in/seed/README.md: article.json does not name it"
contains err "newsarc: note: left out: in/more/v2/ferry-notes.txt: article.json does not name it"
contains err "newsarc: note: in/more/v3/article.json: x-unknown: unknown key, kept as extra \"json:x-unknown\""
# --quiet hides the notes, not the count; --strict refuses what would be left out.
expect 0 "$NEWSARC" pack in -o quiet.newsarc --quiet
[ ! -s "$OUTPUT/err" ] || fail "--quiet printed to stderr"
contains out "; 2 left out (run without --quiet to see which)"
expect 6 "$NEWSARC" pack in -o strict.newsarc --strict
one_error_line
contains err "newsarc: error: in/more/v2/ferry-notes.txt: article.json does not name it; expected nothing to be left out (strict)"
[ -e strict.newsarc ] && fail "--strict left a bundle behind"
ls -A | grep -q '\.tmp-' && fail "--strict left a temporary file: $(ls -A | grep '\.tmp-')"
rm in/seed/README.md in/more/v2/ferry-notes.txt
expect 0 "$NEWSARC" pack in -o strict.newsarc --strict
lacks out "left out"
cp "$SEED/README.md" in/seed/
printf 'extra bytes %s\n' {1..100} >in/more/v2/ferry-notes.txt
expect 0 "$NEWSARC" info folder.newsarc
contains out "description: from a folder"
expect 0 "$NEWSARC" list folder.newsarc --json
cp "$OUTPUT/out" folder.list
expect 0 "$NEWSARC" extract folder.newsarc -o folder.out
# The unknown key comes back in its place, as given.
grep -q '"x-unknown": "kept out"' folder.out/urn_newsarc_samples_2024-03-01_busan-ferries-v3/article.json ||
  fail "extract did not give back the unknown key x-unknown"

# The same tree as archives, in every form.
tar -C in -cf corpus.tar .
tar -C in -czf corpus.tar.gz .
tar -C in -cf - . | zstd -q -o corpus.tar.zst
(cd in && zip -qr ../corpus.zip .)
# A tar whose paths carry a leading folder, and entries in reverse order (files before their
# article.json).
tar -C . -cf prefixed.tar $(find in -type f | sort -r)

for archive in corpus.tar corpus.tar.gz corpus.tar.zst corpus.zip prefixed.tar; do
  expect 0 "$NEWSARC" pack "$archive" -o "$archive.newsarc" --quiet
  [ ! -s "$OUTPUT/err" ] || fail "--quiet printed to stderr"
  expect 0 "$NEWSARC" list "$archive.newsarc" --json
  same "$OUTPUT/out" folder.list
  expect 0 "$NEWSARC" extract "$archive.newsarc" -o "$archive.out"
  diff -r folder.out "$archive.out" >/dev/null || fail "$archive: extracted files differ"
done
expect 0 "$NEWSARC" pack corpus.tar.zst -o notes.newsarc
contains err "newsarc: note: left out: corpus.tar.zst:seed/README.md: article.json does not name it"
contains err "newsarc: note: corpus.tar.zst:more/v3/article.json: x-unknown: unknown key, kept as extra \"json:x-unknown\""
contains out "; 2 left out (see the notes)"
expect 6 "$NEWSARC" pack corpus.tar.zst -o strict-archive.newsarc --strict
contains err "newsarc: error: corpus.tar.zst:more/v2/ferry-notes.txt: article.json does not name it; expected nothing to be left out (strict)"

# A tar stream on standard input, compressed or not.
expect 0 bash -c "tar -C in -cf - . | '$NEWSARC' pack - -o stdin.newsarc"
contains out "packed 6 articles"
expect 0 "$NEWSARC" list stdin.newsarc --json
same "$OUTPUT/out" folder.list
expect 0 bash -c "'$NEWSARC' pack - -o stdinzst.newsarc <corpus.tar.zst"
expect 0 "$NEWSARC" list stdinzst.newsarc --json
same "$OUTPUT/out" folder.list

# --jobs changes nothing in the bundle, and --reproducible fixes what would change between two
# runs (the bundle id, the creation time and so the signatures): the same bytes every time.
expect 0 "$NEWSARC" pack in -o jobs.newsarc --jobs 4 --quiet
expect 0 "$NEWSARC" list jobs.newsarc --json
same "$OUTPUT/out" folder.list
expect 0 "$NEWSARC" keygen -p repro.pub -s repro.key --no-password
expect 0 "$NEWSARC" pack in -o repro1.newsarc --jobs 1 --reproducible --sign repro.key --quiet
expect 0 "$NEWSARC" pack in -o repro4.newsarc --jobs 4 --reproducible --sign repro.key --quiet
same repro1.newsarc repro4.newsarc
expect 0 "$NEWSARC" pack in -o repro0.newsarc --reproducible --sign repro.key --quiet
same repro1.newsarc repro0.newsarc
expect 0 "$NEWSARC" verify repro1.newsarc --key repro.pub
expect 0 "$NEWSARC" info repro1.newsarc
contains out "created:     1970-01-01T00:00:00Z by"
contains out "urn:newsarc:bundle:sha256:"
expect 0 env SOURCE_DATE_EPOCH=1700000000 "$NEWSARC" pack in -o epoch.newsarc --reproducible --quiet
expect 0 "$NEWSARC" info epoch.newsarc
contains out "created:     2023-11-14T22:13:20Z by"
expect 6 env SOURCE_DATE_EPOCH=soon "$NEWSARC" pack in -o never.newsarc --reproducible --quiet
one_error_line
contains err "SOURCE_DATE_EPOCH 'soon' is not a number of seconds"
expect 2 "$NEWSARC" pack in -o jobs0.newsarc --jobs 300
one_error_line
contains err "newsarc: error: --jobs: Value 300 not in range 0 to 256 (see 'newsarc pack --help')"

# Several inputs at once, and extract output packed again: identical articles.
expect 6 "$NEWSARC" pack in/seed corpus.zip -o dup.newsarc --quiet
one_error_line
contains err "newsarc: error: in/seed/article.json: uri: 'urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance' is also the uri of corpus.zip:seed/article.json; expected each article id once in a bundle"
[ ! -e dup.newsarc ] || fail "a failed pack left a bundle behind"
expect 0 "$NEWSARC" pack folder.out -o again.newsarc --quiet
expect 0 "$NEWSARC" list again.newsarc --json
same "$OUTPUT/out" folder.list

# Bad inputs: each one line, the documented code, nothing left behind.
: >empty.tar
expect 6 "$NEWSARC" pack empty.tar -o never.newsarc
one_error_line
contains err "newsarc: error: empty.tar: holds no article folder or ninjs document; expected folders holding article.json, or *.ninjs.json documents"
mkdir emptydir
expect 6 "$NEWSARC" pack emptydir -o never.newsarc
contains err "newsarc: error: emptydir: holds no article folder or ninjs document; expected folders holding article.json, or *.ninjs.json documents"
tar -cf nothing.tar --files-from /dev/null
expect 6 "$NEWSARC" pack nothing.tar -o never.newsarc
contains err "newsarc: error: nothing.tar: holds no article folder"
expect 6 bash -c "'$NEWSARC' pack - -o never.newsarc </dev/null"
contains err "newsarc: error: standard input: holds no article folder"
head -c 20000 corpus.tar.zst >damaged.tar.zst
expect 6 "$NEWSARC" pack damaged.tar.zst -o never.newsarc
one_error_line
contains err "newsarc: error: damaged.tar.zst: "
contains err "expected an undamaged tar or zip archive"
head -c 3000 corpus.zip >damaged.zip
expect 6 "$NEWSARC" pack damaged.zip -o never.newsarc
one_error_line
contains err "newsarc: error: damaged.zip: "
echo "just text" >notes.txt
expect 6 "$NEWSARC" pack notes.txt -o never.newsarc
one_error_line
contains err "newsarc: error: notes.txt: cannot open: "
expect 7 "$NEWSARC" pack missing.tar -o never.newsarc
contains err "newsarc: error: missing.tar: does not exist; expected an article folder or a folder of them"
chmod 000 corpus.tar
if [ "$(id -u)" != 0 ]; then
  expect 5 "$NEWSARC" pack corpus.tar -o never.newsarc
  contains err "newsarc: error: corpus.tar: cannot open: Permission denied"
fi
chmod 644 corpus.tar

# A named file missing from an archive; invalid JSON inside an archive, with line and column.
mkdir -p broken/a
cp "$BUSAN"/article.json broken/a/
tar -C broken -cf nofile.tar a
expect 7 "$NEWSARC" pack nofile.tar -o never.newsarc
one_error_line
contains err "newsarc: error: nofile.tar:a/article.json: \"ferry.jpg\" does not exist; expected a/ferry.jpg in nofile.tar"
printf '{\n  "uri": "x",\n  "headline" "y"\n}\n' >broken/a/article.json
tar -C broken -czf badjson.tar.gz a
expect 6 "$NEWSARC" pack badjson.tar.gz -o never.newsarc
one_error_line
contains err "newsarc: error: badjson.tar.gz:a/article.json: line 3, column 16: invalid JSON:"
printf '{"uri": "x", "headline": "\xff"}' >broken/a/article.json
(cd broken && zip -q ../badutf8.zip a/article.json)
expect 6 "$NEWSARC" pack badutf8.zip -o never.newsarc
one_error_line
contains err "newsarc: error: badutf8.zip:a/article.json:"
printf '{"headline": "no uri"}' >broken/a/article.json
tar -C broken -cf nouri.tar a
expect 6 "$NEWSARC" pack nouri.tar -o never.newsarc
contains err "newsarc: error: nouri.tar:a/article.json: uri: missing; expected a string"
# A named file that is a symbolic link inside the archive.
cp "$BUSAN"/article.json broken/a/
ln -s /etc/passwd broken/a/ferry.jpg
tar -C broken -cf link.tar a
expect 6 "$NEWSARC" pack link.tar -o never.newsarc
contains err "newsarc: error: link.tar:a/article.json: \"ferry.jpg\" is not a regular file in link.tar"
# The same name twice in one tar.
tar -C in -cf twice.tar busan
tar -C in -rf twice.tar busan/ferry.jpg
expect 6 "$NEWSARC" pack twice.tar -o never.newsarc
contains err "newsarc: error: twice.tar:busan/ferry.jpg: appears twice in the archive; expected each name once"

# --cluster-size: records compressed together; one record a cluster at 1 KiB, refused outside
# 1 to 8192, and the same articles either way.
expect 0 "$NEWSARC" pack in -o small-clusters.newsarc --cluster-size 1 --quiet
expect 0 "$NEWSARC" info small-clusters.newsarc
contains out "clusters:    6 (of article records)"
expect 0 "$NEWSARC" verify small-clusters.newsarc
expect 0 "$NEWSARC" list small-clusters.newsarc
cp "$OUTPUT/out" small.list
expect 0 "$NEWSARC" list folder.newsarc
same small.list "$OUTPUT/out"
for size in 0 8193; do
  expect 2 "$NEWSARC" pack in -o never.newsarc --cluster-size "$size"
done

[ ! -e never.newsarc ] || fail "a failed pack left a bundle behind"
ls -a | grep -q '\.tmp-' && fail "a failed pack left a temporary file"

finish
