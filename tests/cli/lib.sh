# Helpers for the CLI tests: each test script sources this, runs newsarc as a user would (real
# files, real processes) and checks exit codes, stdout and stderr.
# Usage: bash X_test.sh NEWSARC_BINARY SOURCE_DIR
set -euo pipefail
NEWSARC=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsarc-cli.XXXXXX")
OUTPUT=$(mktemp -d "${TMPDIR:-/tmp}/newsarc-cli-output.XXXXXX")  # outside WORK: no name clashes
trap 'rm -rf "$WORK" "$OUTPUT"' EXIT
cd "$WORK"
FAILURES=0
PASSED=0

fail() {
  echo "FAIL: $*" >&2
  FAILURES=$((FAILURES + 1))
}

pass() { PASSED=$((PASSED + 1)); }

# expect CODE COMMAND...: runs COMMAND, keeps its output in $OUTPUT/out and $OUTPUT/err, checks the
# exit code.
expect() {
  local want=$1
  shift
  set +e
  "$@" >"$OUTPUT/out" 2>"$OUTPUT/err"
  local got=$?
  set -e
  if [ "$got" != "$want" ]; then
    fail "exit $got, expected $want: $*"
    sed 's/^/  stdout: /' "$OUTPUT/out" | head -20 >&2
    sed 's/^/  stderr: /' "$OUTPUT/err" | head -20 >&2
  else
    pass
  fi
}

# contains FILE TEXT: FILE (out or err) holds TEXT.
contains() {
  if ! grep -qF -- "$2" "$OUTPUT/$1"; then
    fail "$1 lacks '$2'"
    sed "s/^/  $1: /" "$OUTPUT/$1" | head -20 >&2
  else
    pass
  fi
}

# lacks FILE TEXT
lacks() {
  if grep -qF -- "$2" "$OUTPUT/$1"; then fail "$1 holds '$2'"; else pass; fi
}

# same A B: two files are byte-identical.
same() {
  if cmp -s "$1" "$2"; then pass; else fail "$1 and $2 differ"; fi
}

# The error line format every failure must follow: one line, "newsarc: error: ...".
one_error_line() {
  local lines
  lines=$(grep -c . "$OUTPUT/err" || true)
  if [ "$lines" != 1 ] || ! grep -q '^newsarc: error: ' "$OUTPUT/err"; then
    fail "stderr is not one 'newsarc: error:' line"
    sed 's/^/  stderr: /' "$OUTPUT/err" >&2
  else
    pass
  fi
}

finish() {
  echo "$PASSED passed, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
}
