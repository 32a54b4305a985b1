#!/usr/bin/env bash
# Fails when a symbol of the committed list (libarchive_news/abi/symbols.txt) is no longer
# exported by the shared library: programs linked against an earlier build would no longer load.
# The list is the C API (the stable ABI); new C exports are reported, not refused. The C++ API's
# symbols depend on the compiler and standard library and are not listed.
# Usage: abi_symbols_test.sh LIBRARY SYMBOLS_TXT
set -euo pipefail
library=$1
list=$2
exported=$(nm -D --defined-only "$library" | awk '$2 ~ /^[TDBRVWiu]$/ {print $3}' | sed 's/@.*//' |
  grep -v '^_Z' | LC_ALL=C sort -u)
expected=$(grep -v '^#' "$list" | grep -v '^$' | LC_ALL=C sort -u)
missing=$(LC_ALL=C comm -23 <(echo "$expected") <(echo "$exported"))
added=$(LC_ALL=C comm -13 <(echo "$expected") <(echo "$exported"))
if [ -n "$added" ]; then
  echo "note: exported but not in $list (add them if they are meant to be API):"
  echo "$added" | sed 's/^/  /'
fi
if [ -n "$missing" ]; then
  echo "error: symbols of $list no longer exported by $library:" >&2
  echo "$missing" | sed 's/^/  /' >&2
  exit 1
fi
echo "$(echo "$expected" | wc -l) listed symbols exported"
