# The layers of libarchive_news (docs/ARCHITECTURE.md): each file includes only from its own layer
# and the layers below it, the toolkit and the C API reach the format core through its public
# headers only, and the core reaches neither the toolkit nor libarchive, libcurl or the JSON
# library. Usage: bash layers_test.sh SOURCE_DIR
set -euo pipefail
cd "$1/libarchive_news"
failures=0

# Public headers of the toolkit and the C API (libarchive_news.so), which the core must not include.
toolkit_public='archive_news/(archive_news|article_folder|browse|extract|import|ninjs|render|tsa_client)\.h'
third_party='<(archive|archive_entry)\.h>|nlohmann/|<CLI/|<curl/'

# allowed LAYER: the private folders its files may include from. The toolkit and the C API are
# another library: they reach the core through its public headers only.
allowed() {
  case $1 in
    util) echo "util" ;;
    core/common) echo "util core/common" ;;
    core/signature) echo "util core/common core/signature" ;;
    core/read) echo "util core/common core/signature core/read" ;;
    core/verify) echo "util core/common core/signature core/read core/verify" ;;
    core/sign) echo "util core/common core/signature core/sign" ;;
    core/write) echo "util core/common core/signature core/read core/sign core/write" ;;
    toolkit/*) echo "util toolkit" ;;
    capi) echo "util toolkit capi" ;;
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
  if [[ $layer == core/* || $layer == util ]] && grep -En "^#include (<$toolkit_public>|$third_party)" "$file" >&2; then
    echo "FAIL: $file: the core includes the toolkit, libarchive or JSON (above)" >&2
    failures=$((failures + 1))
  fi
}

for layer in util core/common core/signature core/read core/verify core/sign core/write toolkit/* capi; do
  for file in "$layer"/*.cpp "$layer"/*.h; do
    [ -e "$file" ] && check_file "$file" "$layer"
  done
done
# Every source file is in a layer: nothing left in a folder the build does not list.
for file in $(find . -name '*.cpp' -o -name '*.h' | grep -v '^./include/'); do
  case $file in
    ./util/* | ./core/common/* | ./core/signature/* | ./core/read/* | ./core/verify/* | \
      ./core/sign/* | ./core/write/* | ./toolkit/*/* | ./capi/*) ;;
    *) echo "FAIL: $file is in no layer" >&2; failures=$((failures + 1)) ;;
  esac
done
# The core's public headers.
for header in article error export keys public_key reader secret_key signature terminal_text \
  verifier writer; do
  if grep -En "^#include (<$toolkit_public>|$third_party)" "include/archive_news/$header.h" >&2; then
    echo "FAIL: include/archive_news/$header.h (core) includes the toolkit (above)" >&2
    failures=$((failures + 1))
  fi
done
# The tool is a program like any other: the public headers of the two libraries only.
for file in ../tools/*.cpp ../tools/*.h ../tools/*/*.cpp; do
  [ -e "$file" ] || continue
  if grep -En '^#include "(core|toolkit|util|capi)/' "$file" >&2; then
    echo "FAIL: $file includes a private header of the library (above)" >&2
    failures=$((failures + 1))
  fi
done
# Unit tests go through the public API as a program would; white-box tests of private parts live
# in tests/internal/.
for file in ../tests/unit/*.cpp ../tests/unit/*.h; do
  if grep -En '^#include "(core|toolkit|util|capi)/' "$file" >&2; then
    echo "FAIL: $file includes a private header: move it to tests/internal/ (above)" >&2
    failures=$((failures + 1))
  fi
done
echo "$failures failures"
[ "$failures" -eq 0 ]
