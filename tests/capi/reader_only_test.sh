#!/usr/bin/env bash
# Builds the library with ARCHIVE_NEWS_READER_ONLY in its own folder, runs the C API test's reader
# half on a bundle the full build packs, checks that only the C API is exported, and prints the
# sizes of the reader-only library and of the full build's core library (ctest
# --output-on-failure or -V shows them).
# Usage: reader_only_test.sh SOURCE_DIR BUILD_DIR NEWSARC CORE_LIBRARY
set -euo pipefail
source_dir=$1
build=$2
newsarc=$3
core_library=$4
cmake -S "$source_dir" -B "$build" -DARCHIVE_NEWS_READER_ONLY=ON -DARCHIVE_NEWS_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target capi_test -j "$(nproc)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$newsarc" pack "$source_dir/samples/seed-article" -o "$work/seed.newsarc" --quiet
"$build/tests/capi/capi_test" reader "$work/seed.newsarc" "$source_dir/samples"

reader_library=$(ls "$build"/libarchive_news.so.*.*.*)
if nm -D --defined-only "$reader_library" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '^an_'; then
  echo "reader-only library exports more than the C API" >&2
  exit 1
fi
symbols=$(nm -C "$reader_library")  # captured: `nm | grep -q` under pipefail can SIGPIPE
# The writing side (core/write, core/sign) and the toolkit (search, so Xapian, with it) are not
# compiled in: the folders the build lists, with no linker garbage collection to hide a file that
# should not be there.
for writer_symbol in BundleWriter Compressor trainDictionary buildArticle encodeSignatureSet \
  signMessage SecretKey generateKeyPair scrypt loadArticleFolder extractArticles nlohmann \
  archive_read_ Xapian makeSearchIndexer; do
  if grep -q "$writer_symbol" <<<"$symbols"; then
    echo "reader-only library still holds $writer_symbol" >&2
    exit 1
  fi
done
if readelf -d "$reader_library" | grep -E 'NEEDED.*(libarchive\.so|libarchive_news_core)'; then
  echo "reader-only library needs libarchive or the core library (above)" >&2
  exit 1
fi
strip -o "$work/core.so" "$core_library"
strip -o "$work/reader.so" "$reader_library"
echo "library sizes (size(1) of the stripped .so; RelWithDebInfo):"
size "$work/core.so" "$work/reader.so" | sed "s|$work/||"
ls -l "$work/core.so" "$work/reader.so" | awk '{print $5, $NF}' | sed "s|$work/||"
