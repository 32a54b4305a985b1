#!/usr/bin/env bash
# The two libraries as the linker sees them (docs/LIBRARY.md): the format core links neither
# libarchive, libcurl nor the JSON library and holds no toolkit code; the toolkit library needs
# the core and holds no copy of it. Prints each library's size. Usage: libraries_test.sh CORE_SO TOOLKIT_SO
set -euo pipefail
core=$1
toolkit=$2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
core_needed=$(needed "$core")
toolkit_needed=$(needed "$toolkit")
if grep -E 'libarchive\.so|libxml|libicu|libcurl' <<<"$core_needed"; then
  fail "$core links libarchive or libcurl (above)"
fi
grep -q '^libarchive_news_core\.so' <<<"$toolkit_needed" || fail "$toolkit does not need the core"

# Every symbol, local ones too (the libraries are not stripped in the build tree). Captured first:
# `nm | grep -q` under pipefail fails when grep exits early.
core_symbols=$(nm -C "$core")
toolkit_symbols=$(nm -C --defined-only "$toolkit")
for name in nlohmann archive_read_ archive_write_ loadArticleFolder importArticles extractArticles \
  renderArticleHtml parseNinjs postTimestampQuery curl_; do
  if grep -q "$name" <<<"$core_symbols"; then fail "$core holds $name (toolkit or its libraries)"; fi
done
for name in 'archive_news::Bundle::' 'archive_news::BundleWriter::' 'archive_news::Verifier' \
  'archive_news::internal::Compressor' 'ZSTD_'; do
  if grep -q "$name" <<<"$toolkit_symbols"; then fail "$toolkit defines $name (a copy of the core)"; fi
done

echo "library sizes (size(1) of the stripped library):"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
strip -o "$work/$(basename "$core")" "$core"
strip -o "$work/$(basename "$toolkit")" "$toolkit"
(cd "$work" && size ./*)
echo "$failures failures"
[ "$failures" -eq 0 ]
