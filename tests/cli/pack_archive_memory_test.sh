# pack reads an archive twice, and its memory must not grow with the archive's text: the survey
# keeps each article's id and file names, not its text, and only the articles whose files are
# still to come are held whole (import.cpp). Before, every article.json was kept, parsed and
# unparsed: 196 MB of peak memory for an 84 MB tar, 13 GB for a million articles. Peak memory is
# GNU time's maximum resident set; not run under ASan, whose shadow memory it would count.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || { fail "GNU time is not installed (scripts/install-deps.sh)"; finish; }

# 1,500 articles of 56 KB of text each, in one uncompressed tar.
/usr/bin/python3 - <<'PY'
import io, json, random, tarfile
random.seed(1)
words = ["w%d" % i for i in range(5000)]
with tarfile.open("many.tar", "w") as tar:
    for i in range(1500):
        body = [" ".join(random.choice(words) for _ in range(1200)) for _ in range(8)]
        data = json.dumps({"uri": "urn:t:%d" % i, "headline": "Headline %d" % i,
                           "body": body}).encode()
        info = tarfile.TarInfo("a%04d/article.json" % i)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
PY
tar_kb=$(($(stat -c %s many.tar) / 1024))
expect 0 /usr/bin/time -f "%M" -o peak.txt "$NEWSARC" pack many.tar -o many.newsarc --quiet
peak_kb=$(tail -1 peak.txt)
cp peak.txt "$OUTPUT/peak.txt"
if [ "$peak_kb" -lt "$tar_kb" ]; then
  pass
else
  fail "pack of a ${tar_kb} KiB tar of text peaked at ${peak_kb} KiB; expected less than the tar"
fi
expect 0 "$NEWSARC" list many.newsarc --json
contains out '"id":"urn:t:1499"'

# Files before and after their article.json, and a ninjs document that another item names as its
# file (read once as a text, then queued from those bytes): each article is queued once its text
# and every file are in.
mkdir -p order/a order/b nj
printf '{"uri":"urn:o:a","headline":"A","body":["a"],"attachments":[{"name":"x","file":"x.txt","mediatype":"text/plain"}]}' >order/a/article.json
printf '{"uri":"urn:o:b","headline":"B","body":["b"],"attachments":[{"name":"y","file":"y.txt","mediatype":"text/plain"}]}' >order/b/article.json
printf 'file of a\n' >order/a/x.txt
printf 'file of b\n' >order/b/y.txt
tar -cf order.tar -C order a/x.txt a/article.json b/article.json b/y.txt
expect 0 "$NEWSARC" pack order.tar -o order.newsarc --quiet
expect 0 "$NEWSARC" extract order.newsarc -o order-x --quiet
same order-x/urn_o_a/x.txt order/a/x.txt
same order-x/urn_o_b/y.txt order/b/y.txt
echo '{"uri": "urn:n:a", "associations": [{"name": "doc", "type": "text", "renditions": [{"href": "b.ninjs.json", "mimetype": "application/json"}]}]}' >nj/a.ninjs.json
echo '{"uri": "urn:n:b", "headline": "B"}' >nj/b.ninjs.json
tar -cf nj.tar -C nj a.ninjs.json b.ninjs.json
expect 0 "$NEWSARC" pack nj.tar -o nj.newsarc --quiet
expect 0 "$NEWSARC" extract nj.newsarc -o nj-x --quiet
same nj-x/urn_n_a/b.ninjs.json nj/b.ninjs.json
[ -f nj-x/urn_n_b/article.json ] && pass || fail "urn:n:b was not packed"
finish
