# The layers of libarchive_news (docs/ARCHITECTURE.md): each file includes only from its own layer
# and the layers below it, and the format core reaches neither the toolkit nor libarchive or the
# JSON library. Usage: bash layers_test.sh SOURCE_DIR
set -euo pipefail
cd "$1/libarchive_news"
failures=0

# Public headers of the toolkit, which the core must not include.
toolkit_public='archive_news/(article_folder|extract|import|ninjs|render)\.h'
third_party='<(archive|archive_entry)\.h>|nlohmann/|<CLI/'

# allowed LAYER: the private folders its files may include from.
allowed() {
  case $1 in
    core/common) echo "core/common" ;;
    core/signing) echo "core/common core/signing" ;;
    core/read) echo "core/common core/signing core/read" ;;
    core/verify) echo "core/common core/signing core/read core/verify" ;;
    core/write) echo "core/common core/signing core/read core/write" ;;
    toolkit/*) echo "core/common core/signing core/read toolkit" ;;
    capi) echo "core toolkit capi" ;;
  esac
}

check_file() {  # check_file FILE LAYER
  local file=$1 layer=$2 included ok prefix
  while read -r included; do
    ok=no
    for prefix in $(allowed "$layer"); do
      [[ $included == "$prefix"/* ]] && ok=yes
    done
    if [ $ok = no ]; then
      echo "FAIL: $file ($layer) includes \"$included\"" >&2
      failures=$((failures + 1))
    fi
  done < <(sed -n 's/^#include "\([^"]*\/[^"]*\)".*/\1/p' "$file")
  if [[ $layer == core/* ]] && grep -En "^#include (<$toolkit_public>|$third_party)" "$file" >&2; then
    echo "FAIL: $file: the core includes the toolkit, libarchive or JSON (above)" >&2
    failures=$((failures + 1))
  fi
}

for layer in core/common core/signing core/read core/verify core/write toolkit/* capi; do
  for file in "$layer"/*.cpp "$layer"/*.h; do
    [ -e "$file" ] && check_file "$file" "$layer"
  done
done
# Every source file is in a layer: nothing left in a folder the build does not list.
for file in $(find . -name '*.cpp' -o -name '*.h' | grep -v '^./include/'); do
  case $file in
    ./core/common/* | ./core/signing/* | ./core/read/* | ./core/verify/* | ./core/write/* | \
      ./toolkit/*/* | ./capi/*) ;;
    *) echo "FAIL: $file is in no layer" >&2; failures=$((failures + 1)) ;;
  esac
done
# The core's public headers.
for header in article error export keys reader signature terminal_text verifier writer; do
  if grep -En "^#include (<$toolkit_public>|$third_party)" "include/archive_news/$header.h" >&2; then
    echo "FAIL: include/archive_news/$header.h (core) includes the toolkit (above)" >&2
    failures=$((failures + 1))
  fi
done
echo "$failures failures"
[ "$failures" -eq 0 ]
