# The first minutes of a newcomer: help names the program however it was started, -V is
# --version, and a mistyped option is named, with the option that was probably meant.
source "$(dirname "$0")/lib.sh"
SEED="$SRC/samples/seed-article"

# `newsarc help` and `newsarc --help`: one text, whose usage line names the program (not the
# path it was started by, and not nothing).
expect 0 "$NEWSARC" help
cp "$OUTPUT/out" help.txt
contains out "Usage: newsarc [OPTIONS] SUBCOMMAND"
expect 0 "$NEWSARC" --help
same help.txt "$OUTPUT/out"
contains out "-V,--version"
for command in keygen pack list info extract verify sign seal show; do
  expect 0 "$NEWSARC" help "$command"
  cp "$OUTPUT/out" "help-$command.txt"
  contains out "Usage: newsarc $command [OPTIONS]"
  expect 0 "$NEWSARC" "$command" --help
  same "help-$command.txt" "$OUTPUT/out"
done

expect 0 "$NEWSARC" --version
cp "$OUTPUT/out" version.txt
grep -qE '^newsarc [0-9]+\.[0-9]+\.[0-9]+' version.txt && pass || fail "--version: $(cat version.txt)"
expect 0 "$NEWSARC" -V
same version.txt "$OUTPUT/out"

# A mistyped option: named, with the nearest one, even when a required option is also missing
# (the missing --output used to be all the message said).
expect 2 "$NEWSARC" pack "$SEED" --ouput x.newsarc
one_error_line
contains err "newsarc: error: unknown option '--ouput'; did you mean '--output'? (see 'newsarc pack --help')"
expect 2 "$NEWSARC" pack --ouput=x.newsarc "$SEED"
contains err "unknown option '--ouput'; did you mean '--output'?"
[ ! -e x.newsarc ] && pass || fail "pack wrote x.newsarc after a usage error"
expect 0 "$NEWSARC" pack "$SEED" -o seed.newsarc --quiet
expect 2 "$NEWSARC" list seed.newsarc --jsn
one_error_line
contains err "unknown option '--jsn'; did you mean '--json'? (see 'newsarc list --help')"
expect 2 "$NEWSARC" extract seed.newsarc -o site --formt html
contains err "unknown option '--formt'; did you mean '--format'? (see 'newsarc extract --help')"
[ ! -e site ] && pass || fail "extract wrote site after a usage error"
expect 2 "$NEWSARC" --verison
one_error_line
contains err "unknown option '--verison'; did you mean '--version'? (see 'newsarc --help')"
# Nothing near enough: named, no guess.
expect 2 "$NEWSARC" pack "$SEED" -o y.newsarc --frobnicate-everything
one_error_line
contains err "newsarc: error: unknown option '--frobnicate-everything' (see 'newsarc pack --help')"
lacks err "did you mean"
expect 2 "$NEWSARC" list seed.newsarc -Z
contains err "newsarc: error: unknown option '-Z' (see 'newsarc list --help')"

finish
