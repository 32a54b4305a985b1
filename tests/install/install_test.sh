#!/usr/bin/env bash
# Installs the build to a temporary prefix and builds the examples against the installed copy
# only, once with CMake (find_package(ArchiveNews), shared and static) and once with pkg-config,
# then runs them and the ctypes example on a signed bundle of the samples.
# Usage: install_test.sh SOURCE_DIR BUILD_DIR WORK_DIR NEWSARC
set -euo pipefail
source_dir=$1
build=$2
work=$3
newsarc=$4
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/archive_news/archive_news.h include/archive_news/reader.h; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
pc_dir=$(dirname "$(find "$prefix" -name archive_news.pc)")
cmake_dir=$(dirname "$(find "$prefix" -name ArchiveNewsConfig.cmake)")
lib_dir=$(dirname "$(find "$prefix" -name 'libarchive_news.so.*.*.*')")
[ -f "$lib_dir/libarchive_news.a" ] || fail "static library not installed"

# A signed bundle of the samples, made by the build tree's tool.
NEWSARC_PASSWORD_FILE=/dev/null "$newsarc" keygen -p "$work/test.pub" -s "$work/test.key" \
  --no-password >/dev/null
"$newsarc" pack "$source_dir/samples" -o "$work/samples.newsarc" --sign "$work/test.key" --quiet
seed=urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance
headline="Republic of Korea-U.S. alliance to evolve into comprehensive strategic alliance"

# Only the installed copy may be found: a copy of examples/ outside the source tree, and a
# CMAKE_PREFIX_PATH naming the prefix alone.
cp -r "$source_dir/examples" "$work/examples"
cmake -S "$work/examples" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DEXAMPLES_STATIC=ON >/dev/null
cmake --build "$work/cmake-build" >/dev/null
grep -q "$cmake_dir" "$work/cmake-build/CMakeCache.txt" || fail "ArchiveNews not found in prefix"

export PKG_CONFIG_PATH=$pc_dir
mkdir -p "$work/pc-build"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -o "$work/pc-build/list_bundle" "$work/examples/list_bundle.c" \
  $(pkg-config --cflags --libs archive_news)
# shellcheck disable=SC2046
c++ -std=c++20 -Wall -Wextra -Werror -o "$work/pc-build/verify_extract" \
  "$work/examples/verify_extract.cpp" $(pkg-config --cflags --libs archive_news_core)

# A program of the format core alone needs neither the toolkit library nor libarchive.
for dir in cmake-build pc-build; do
  needed=$(readelf -d "$work/$dir/verify_extract" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  grep -q '^libarchive_news_core\.so' <<<"$needed" || fail "$dir verify_extract: core not needed"
  if grep -E '^libarchive(_news)?\.so' <<<"$needed"; then
    fail "$dir verify_extract needs the toolkit library or libarchive (above)"
  fi
done

for dir in cmake-build pc-build; do
  out=$work/$dir.out
  LD_LIBRARY_PATH=$lib_dir "$work/$dir/list_bundle" "$work/samples.newsarc" "$seed" >"$out"
  grep -qxF "5 articles" "$out" || fail "$dir list_bundle: no article count"
  grep -qxF "$headline" "$out" || fail "$dir list_bundle: no headline"
  grep -qxF "By Joo-Hyeong, Lee <Jataka@dema.mil.kr>" "$out" || fail "$dir list_bundle: no byline"
  if LD_LIBRARY_PATH=$lib_dir "$work/$dir/list_bundle" "$work/samples.newsarc" urn:none \
    >/dev/null 2>&1; then
    fail "$dir list_bundle: an unknown id succeeded"
  fi

  LD_LIBRARY_PATH=$lib_dir "$work/$dir/verify_extract" "$work/samples.newsarc" "$work/test.pub" \
    "$seed" "$work/$dir-images" >"$out"
  grep -qxF "$work/samples.newsarc: $seed verified" "$out" || fail "$dir verify_extract: not verified"
  grep -q "^ok    article: proved" "$out" ||
    fail "$dir verify_extract: the article was not proved"
  cmp "$work/$dir-images/alliance1.jpg" "$source_dir/samples/seed-article/alliance1.jpg"
  cmp "$work/$dir-images/alliance2.jpg" "$source_dir/samples/seed-article/alliance2.jpg"
  # Another key: verification fails with status 3 and nothing is extracted.
  NEWSARC_PASSWORD_FILE=/dev/null "$newsarc" keygen -p "$work/other.pub" -s "$work/other.key" \
    --no-password --force >/dev/null
  status=0
  LD_LIBRARY_PATH=$lib_dir "$work/$dir/verify_extract" "$work/samples.newsarc" \
    "$work/other.pub" "$seed" "$work/$dir-refused" >/dev/null 2>&1 || status=$?
  [ "$status" -eq 3 ] || fail "$dir verify_extract: another key gave status $status, not 3"
  [ ! -e "$work/$dir-refused" ] || fail "$dir verify_extract: extracted despite failure"
done

# The static library: the program needs no libarchive_news.so at all.
# (Output is captured first: `cmd | grep -q` under pipefail fails when grep exits early and the
# writer gets SIGPIPE.)
linked=$(ldd "$work/cmake-build/list_bundle_static")
if grep -q libarchive_news <<<"$linked"; then
  fail "list_bundle_static links the shared library"
fi
listed=$("$work/cmake-build/list_bundle_static" "$work/samples.newsarc")
grep -qxF "5 articles" <<<"$listed" || fail "list_bundle_static: no article count"

# The static library's dependencies come with the package: export_archive_static writes a tar.zst
# through libarchive without naming it itself.
"$work/cmake-build/export_archive_static" "$work/samples.newsarc" "$work/samples.tar.zst" >/dev/null
entries=$(tar --zstd -tf "$work/samples.tar.zst")
grep -qxF "urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance/alliance1.jpg" <<<"$entries" ||
  fail "export_archive_static: the seed article's image is not in the archive"
pc_static=$(pkg-config --static --libs archive_news)
grep -q -- "-larchive" <<<"$pc_static" || fail "pkg-config --static does not name libarchive"
[ -f "$lib_dir/libarchive_news_core.a" ] || fail "the core's static library is not installed"
# pkg-config --static links where only the static archives are: the programs need neither
# shared library of ours.
static_libs=$work/static-libs
mkdir -p "$static_libs" "$work/pc-static"
cp "$lib_dir"/libarchive_news.a "$lib_dir"/libarchive_news_core.a "$static_libs/"
# The toolkit's `--static` list names libarchive's own private libraries (-lacl, -llz4), whose
# static forms Debian's libarchive-dev does not bring; its dependencies are linked shared here.
# shellcheck disable=SC2046
cc -std=c99 -o "$work/pc-static/list_bundle" "$work/examples/list_bundle.c" \
  $(pkg-config --cflags archive_news) -L"$static_libs" $(pkg-config --libs archive_news) \
  $(pkg-config --libs capnp kj libzstd libsodium libcrypto libarchive) -lstdc++ -lm
# shellcheck disable=SC2046
c++ -std=c++20 -o "$work/pc-static/verify_extract" "$work/examples/verify_extract.cpp" \
  $(pkg-config --cflags archive_news_core) -L"$static_libs" \
  $(pkg-config --static --libs archive_news_core)
if readelf -d "$work/pc-static/list_bundle" "$work/pc-static/verify_extract" |
  grep -E 'NEEDED.*libarchive_news'; then
  fail "pkg-config --static: a program needs a shared library of ours (above)"
fi
# Into files, not pipes: grep -q stops reading at the first match, and pipefail would count the
# writer's SIGPIPE.
"$work/pc-static/list_bundle" "$work/samples.newsarc" "$seed" >"$work/pc-static/list.out"
grep -qxF "5 articles" "$work/pc-static/list.out" ||
  fail "pkg-config --static list_bundle: no article count"
"$work/pc-static/verify_extract" "$work/samples.newsarc" "$work/test.pub" "$seed" \
  "$work/pc-static-images" >"$work/pc-static/verify.out"
grep -qxF "$work/samples.newsarc: $seed verified" "$work/pc-static/verify.out" ||
  fail "pkg-config --static verify_extract: not verified"

out=$work/python.out
ARCHIVE_NEWS_LIBRARY=$(ls "$lib_dir"/libarchive_news.so.*.*.*) \
  python3 "$work/examples/list_headlines.py" "$work/samples.newsarc" "$work/image.jpg" >"$out"
grep -qxF "headline: $headline" "$out" || fail "python: headline missing or altered"
grep -qxF "byline: Joo-Hyeong, Lee" "$out" || fail "python: byline missing or altered"
grep -qxF "headline: 부산–제주 여객선 운항 재개" "$out" || fail "python: Hangul headline"
cmp "$work/image.jpg" "$source_dir/samples/seed-article/alliance1.jpg"
cat "$out"
echo "install_test: examples built with CMake and pkg-config against $prefix and ran"
