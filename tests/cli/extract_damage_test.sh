# A damaged image among several articles: extract names the article and the file, stops and keeps
# nothing of an archive target; with --keep-going it writes every intact article to every kind of
# target, reports each damaged one on stderr and exits 3. Nothing temporary is left either way.
source "$(dirname "$0")/lib.sh"

mkdir in
for name in a b c; do
  mkdir "in/$name"
  # A marker to find the photo in the bundle (JPEG is stored as it is), then incompressible bytes.
  { printf 'PHOTO-OF-%s-' "$name"; head -c 60000 /dev/urandom; } >"in/$name/$name.jpg"
  printf '{"uri":"urn:t:%s","headline":"Article %s","body":["Text of %s.",{"image":"p"}],%s}\n' \
    "$name" "$name" "$name" "\"images\":[{\"name\":\"p\",\"file\":\"$name.jpg\",\"mediatype\":\"image/jpeg\",\"caption\":\"c\"}]" \
    >"in/$name/article.json"
done
expect 0 "$NEWSARC" pack in -o good.newsarc --quiet
cp good.newsarc bad.newsarc
offset=$(grep -obUa 'PHOTO-OF-b-' bad.newsarc | head -1 | cut -d: -f1)
[ -n "$offset" ] || fail "the photo of b is not stored as it is"
printf '\x00' | dd of=bad.newsarc bs=1 seek=$((offset + 30000)) conv=notrunc status=none

no_temporary_files() {
  if find . -name '*.tmp-*' | grep -q .; then fail "temporary files left: $(find . -name '*.tmp-*')"; else pass; fi
}

# Without --keep-going: the first damaged article stops the extract, named with its file.
expect 3 "$NEWSARC" extract bad.newsarc -o stop.tar.zst --quiet
one_error_line
contains err "bad.newsarc: offset "
contains err "article 'urn:t:b': "
contains err "b.jpg: "
[ -e stop.tar.zst ] && fail "a partial archive was kept"
no_temporary_files
expect 3 "$NEWSARC" extract bad.newsarc -o stop --quiet
contains err "article 'urn:t:b': "
[ -e stop/urn_t_b ] && fail "a partial folder of the damaged article was kept"
no_temporary_files

# With --keep-going: every intact article, each damaged one reported, exit 3, into every target.
for target in out out.tar out.tar.gz out.tar.zst out.zip; do
  for format in folder ninjs html; do
    expect 3 "$NEWSARC" extract bad.newsarc -o "$format-$target" --format "$format" --keep-going
    contains err "newsarc: damaged, left out: bad.newsarc: offset "
    contains err "article 'urn:t:b': "
    [ "$(grep -c 'damaged, left out' "$OUTPUT/err")" = 1 ] || fail "not one report per damaged article"
    contains out "extracted 2 articles to $format-$target; 1 article damaged and left out"
    case $target in
      out) files=$(cd "$format-$target" && find . -type f | sort) ;;
      *.zip) files=$(unzip -Z1 "$format-$target" | sort) ;;
      *) files=$(tar -tf "$format-$target" | sort) ;;
    esac
    grep -q 'urn_t_a/' <<<"$files" || fail "$format-$target lacks article a"
    grep -q 'urn_t_c/' <<<"$files" || fail "$format-$target lacks article c"
    grep -q 'urn_t_b' <<<"$files" && fail "$format-$target holds part of the damaged article"
    no_temporary_files
  done
done
# The intact articles are the same as from the intact bundle.
expect 0 "$NEWSARC" extract good.newsarc -o whole --quiet
for name in a c; do
  same "whole/urn_t_$name/$name.jpg" "folder-out/urn_t_$name/$name.jpg"
  same "whole/urn_t_$name/article.json" "folder-out/urn_t_$name/article.json"
done
# --quiet hides progress, never a damaged article.
expect 3 "$NEWSARC" extract bad.newsarc -o quiet --keep-going --quiet
contains err "article 'urn:t:b': "
# On an intact bundle --keep-going changes nothing.
expect 0 "$NEWSARC" extract good.newsarc -o fine.zip --keep-going --quiet
contains out "extracted 3 articles to fine.zip"
lacks out "damaged"

finish
