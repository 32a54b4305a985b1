# Pack streams content of any size with bounded memory (issue 13, spec/SECURITY.md bug 34): a
# folder holding a 2 GiB attachment and a tar.zst holding one 2 GiB entry are packed, listed and
# verified under an address-space limit (ulimit -v) of 512 MiB, a quarter of the content. The
# files are sparse and their zeros compress to a few KiB, so the test costs no disk, only the
# time to hash and compress 2 GiB twice over (about 10 s). The bundle whose article record claims
# 1 GiB (its cluster's raw size; the broken-file corpus) is shown, extracted and verified under a
# 128 MiB limit.
# Not under the sanitizers (label no-asan): their shadow memory cannot live under ulimit -v.
# Usage: bash pack_memory_test.sh NEWSARC_BINARY SOURCE_DIR
source "$(dirname "$0")/../cli/lib.sh"

export TMPDIR=$WORK/tmp  # spill files go here, and must be gone afterwards
mkdir "$TMPDIR"
size=$((2 << 30))

# under KIB COMMAND...: runs COMMAND with its address space limited to KIB KiB.
under() {
  local kib=$1
  shift
  (ulimit -v "$kib" && "$@")
}

mkdir -p in/big
truncate -s "$size" in/big/zeros.bin
cat >in/big/article.json <<'EOF'
{
  "uri": "urn:test:pack-memory",
  "headline": "Two GiB of zeros",
  "body": ["An attachment far larger than the memory pack may use."],
  "attachments": [{"name": "zeros", "file": "zeros.bin", "mediatype": "application/octet-stream"}]
}
EOF

# A folder: the attachment is read in pieces, its frame spilled, then copied into the bundle.
expect 0 under $((512 << 10)) "$NEWSARC" pack in -o folder.newsarc --quiet
expect 0 under $((512 << 10)) "$NEWSARC" verify folder.newsarc
if [ "$(stat -c %s folder.newsarc)" -gt $((1 << 20)) ]; then
  fail "a bundle of 2 GiB of zeros is $(stat -c %s folder.newsarc) bytes"
else
  pass
fi

# The same as a tar.zst: the member cannot be read twice, so it is spooled (as holes) first.
tar -C in -cSf - big | zstd -q -o big.tar.zst
expect 0 under $((512 << 10)) "$NEWSARC" pack big.tar.zst -o tar.newsarc --quiet
expect 0 under $((512 << 10)) "$NEWSARC" verify tar.newsarc
# And from standard input.
expect 0 under $((512 << 10)) "$NEWSARC" pack - -o stdin.newsarc --quiet <big.tar.zst
# Each bundle is small: the 2 GiB were compressed, not stored raw.
for b in tar.newsarc stdin.newsarc; do
  if [ "$(stat -c %s $b)" -gt $((1 << 20)) ]; then fail "$b is $(stat -c %s $b) bytes"; else pass; fi
done

if [ -n "$(ls -A "$TMPDIR")" ]; then fail "temporary files left: $(ls -A "$TMPDIR")"; else pass; fi

# A cluster of article records that claims more than a reader accepts (1 GiB raw, past
# ReaderOptions::maxClusterSize) is refused before any byte of it is decoded.
bomb=$SRC/tests/data/invalid/cluster-over-limit.newsarc
expect 3 under $((128 << 10)) "$NEWSARC" show "$bomb" urn:bad:a
contains err "exceeds the limit of"
expect 3 under $((128 << 10)) "$NEWSARC" extract "$bomb" -o bomb-out
expect 3 under $((128 << 10)) "$NEWSARC" verify "$bomb"
contains out "FAIL  cluster: "
finish
