# Writes that fail: out of disk space (the file size limit, ulimit -f, makes every write past it
# fail with EFBIG as a full disk fails with ENOSPC) and a read-only target. pack, sign and extract
# (to a folder and to an archive) each give one clear error line, exit code 5 and no partial
# output: no new file, no temporary file, the previous file intact.
# Usage: bash write_failures_test.sh NEWSARC_BINARY SOURCE_DIR
source "$(dirname "$0")/../cli/lib.sh"

mkdir in
cp -r "$SRC/samples/seed-article" "$SRC/samples/busan-ferries" in/
"$NEWSARC" keygen -p a.pub -s a.key --no-password >/dev/null
"$NEWSARC" pack in -o previous.newsarc --sign a.key --quiet >/dev/null  # about 575 KB

# nothing_in DIR [KEEP...]: DIR holds nothing but the files named KEEP.
nothing_in() {
  local dir=$1 left
  shift
  left=$(cd "$dir" && find . -mindepth 1 | sed 's|^\./||' | grep -vxF -f <(printf '%s\n' "$@" .) ||
    true)
  if [ -n "$left" ]; then fail "$dir holds partial output: $left"; else pass; fi
}

# --- Out of disk space: at most 200 KiB per file ----------------------------------------------
limited() { bash -c 'ulimit -f 200 && exec "$@"' limited "$@"; }

mkdir full
expect 5 limited "$NEWSARC" pack in -o full/new.newsarc --quiet
one_error_line
contains err "full/new.newsarc: cannot write: File too large"
nothing_in full

cp previous.newsarc full/previous.newsarc
expect 5 limited "$NEWSARC" pack in -o full/previous.newsarc --quiet --force
one_error_line
same full/previous.newsarc previous.newsarc
expect 5 limited "$NEWSARC" sign full/previous.newsarc --key a.key
one_error_line
contains err "full/previous.newsarc: cannot write: File too large"
same full/previous.newsarc previous.newsarc
nothing_in full previous.newsarc

# alliance2.jpg (354 KB) is past the limit: the article folder in progress is removed, and the
# target folder extract made.
expect 5 limited "$NEWSARC" extract previous.newsarc -o full/out --quiet
one_error_line
contains err "alliance2.jpg: cannot write: File too large"
nothing_in full previous.newsarc
mkdir full/existing
expect 5 limited "$NEWSARC" extract previous.newsarc -o full/existing --quiet
one_error_line
nothing_in full previous.newsarc existing
for archive in out.tar out.zip; do
  expect 5 limited "$NEWSARC" extract previous.newsarc -o "full/$archive" --quiet
  one_error_line
  contains err "full/$archive: cannot write: File too large"
done
nothing_in full previous.newsarc existing

# --- A read-only target ------------------------------------------------------------------------
# Permission bits do not stop root, so as root the tool runs as nobody (setpriv) on a folder root
# owns; otherwise on a folder without write permission.
mkdir ro
cp previous.newsarc ro/previous.newsarc
mkdir ro/existing
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$WORK" ro ro/existing
  chmod 644 ro/previous.newsarc
  chmod -R a+rX in previous.newsarc a.key
  chmod 644 a.key
  # nobody must reach the binary and its library (when linked to the shared one): run copies from
  # a folder it can read.
  mkdir bin
  cp "$NEWSARC" bin/newsarc
  # The toolkit and the core, when linked to the shared libraries.
  for library in $(ldd "$NEWSARC" | awk '/libarchive_news/ {print $3}'); do cp "$library" bin/; done
  chmod -R a+rX bin
  as_user() {
    LD_LIBRARY_PATH="$WORK/bin" setpriv --reuid=65534 --regid=65534 --clear-groups \
      "$WORK/bin/newsarc" "$@"
  }
else
  chmod 555 ro ro/existing
  as_user() { "$NEWSARC" "$@"; }
fi
expect 0 as_user verify ro/previous.newsarc  # the user can read what it cannot write

expect 5 as_user pack in -o ro/new.newsarc --quiet
one_error_line
contains err "ro/new.newsarc: cannot create a temporary file in ro: Permission denied"
expect 5 as_user pack in -o ro/previous.newsarc --quiet --force
one_error_line
same ro/previous.newsarc previous.newsarc
expect 5 as_user sign ro/previous.newsarc --key a.key
one_error_line
contains err "ro/previous.newsarc: cannot create a temporary file in ro: Permission denied"
same ro/previous.newsarc previous.newsarc
expect 5 as_user extract previous.newsarc -o ro/out --quiet
one_error_line
contains err "ro/out: cannot create folder: Permission denied"
expect 5 as_user extract previous.newsarc -o ro/existing --quiet
one_error_line
contains err "cannot create folder: Permission denied"
expect 5 as_user extract previous.newsarc -o ro/out.tar.zst --quiet
one_error_line
contains err "ro/out.tar.zst: cannot create a temporary file in ro: Permission denied"
nothing_in ro previous.newsarc existing
chmod -R u+w ro
finish
