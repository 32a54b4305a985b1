# The manual page and the shell completion: the page renders without a warning, every command
# and option that `newsarc COMMAND --help` prints is in the page and in both completion scripts
# (so none of them drifts from the tool), bash completion completes, and `cmake --install` puts
# them where man, bash-completion and zsh look.
source "$(dirname "$0")/lib.sh"
PAGE="$SRC/docs/man/newsarc.1"
BASH_SCRIPT="$SRC/docs/completion/newsarc.bash"
ZSH_SCRIPT="$SRC/docs/completion/_newsarc"

# Renders without a warning (-ww: all of them), to text that holds every section.
expect 0 groff -man -ww -z "$PAGE"
[ ! -s "$OUTPUT/err" ] && pass || fail "groff warns: $(head -5 "$OUTPUT/err")"
expect 0 env MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$PAGE"
[ ! -s "$OUTPUT/err" ] && pass || fail "man warns: $(head -5 "$OUTPUT/err")"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
  grep -qx "$section" "$OUTPUT/out" && pass || fail "the page lacks $section"
done
# The exit codes the tool's help lists, each in the page.
expect 0 "$NEWSARC" --help
sed -n 's/^  \([0-9]\)  .*/\1/p' "$OUTPUT/out" >codes.txt
[ "$(wc -l <codes.txt)" -ge 8 ] && pass || fail "newsarc --help lists $(wc -l <codes.txt) exit codes"
while read -r code; do
  grep -qx ".B $code" "$PAGE" && pass || fail "the page lacks exit code $code"
done <codes.txt

# The commands, from `newsarc --help`.
sed -n '/^Subcommands:/,/^$/s/^  \([a-z]*\) .*/\1/p' "$OUTPUT/out" >commands.txt
[ "$(wc -l <commands.txt)" -ge 10 ] && pass || fail "newsarc --help lists $(wc -l <commands.txt) commands"

# roff writes a hyphen as "\-": --keep-going is \-\-keep\-going, followed by no letter or hyphen.
in_page() {
  local roff=${1//-/\\\\-}
  grep -qE "(^|[^a-z\\\\-])$roff([^a-z\\\\]|\\\\[^-]|$)" "$PAGE"
}
# The words of the bash script's option list for COMMAND.
bash_options() { sed -n "s/^ *$1) options=\"\\(.*\\)\" ;;\$/ \\1 /p" "$BASH_SCRIPT"; }
# The lines of the zsh script's block for COMMAND.
zsh_block() { sed -n "/^      $1)\$/,/ret=0 ;;\$/p" "$ZSH_SCRIPT"; }

grep -q '^  local commands="keygen pack append list info log extract verify sign seal show recover timestamp search index help"$' \
  "$BASH_SCRIPT" && pass || fail "bash: the command list"
while read -r command; do
  grep -qF ".SS \"newsarc $command" "$PAGE" && pass || fail "the page lacks the command $command"
  grep -qE "^  '$command:" "$ZSH_SCRIPT" && pass || fail "zsh lacks the command $command"
  grep -q "local commands=\".*\\b$command\\b" "$BASH_SCRIPT" && pass || fail "bash lacks $command"
  [ "$command" = help ] && continue
  expect 0 "$NEWSARC" "$command" --help
  # Every option on the option lines: "  -o,--output TEXT", "  --json", "  -c,--comment,--signer".
  sed -n '/^Options:/,/^$/p' "$OUTPUT/out" | grep -E '^  -' | sed 's/^ *//; s/ .*//; s/,/\n/g' >options.txt
  [ -s options.txt ] && pass || fail "$command --help lists no option"
  while read -r option; do
    [ "$option" = -h ] || [ "$option" = --help ] && continue
    in_page "$option" || fail "the page lacks $command $option"
    bash_options "$command" | grep -qF -- " $option " || fail "bash lacks $command $option"
    zsh_block "$command" | grep -qE -- "(\\{|,|')$option(\\[|,|\\})" || fail "zsh lacks $command $option"
    pass
  done <options.txt
done <commands.txt
# The drift check finds what it looks for, or it could not fail.
in_page --keep-going && pass || fail "in_page misses --keep-going"
in_page --keep && fail "in_page finds --keep in --keep-going" || pass
in_page --key && pass || fail "in_page misses --key"

# bash completion, as bash calls it: COMP_WORDS and COMP_CWORD set, COMPREPLY read.
mkdir -p tree/sub && touch tree/a.pub tree/b.key tree/day.newsarc tree/c.zip tree/notes.txt
complete_words() {  # complete_words WORD...: the completions of the last word, sorted
  (cd tree && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _newsarc; [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
    _ "$BASH_SCRIPT" "$@")
}
check_completion() {  # check_completion "EXPECTED" WORD...
  local want=$1 got
  shift
  got=$(complete_words "$@")
  [ "$got" = "$want" ] && pass || fail "completing '$*': got '$got', expected '$want'"
}
check_completion "pack " newsarc pa
check_completion "$(sort commands.txt | tr '\n' ' ')" newsarc ""
check_completion "--version " newsarc --v
check_completion "--force --format " newsarc extract day.newsarc --fo
check_completion "--keep-going --key --keyring " newsarc extract day.newsarc --ke
check_completion "a.pub sub " newsarc verify day.newsarc --key ""
check_completion "a.pub sub " newsarc show -k ""
check_completion "b.key sub " newsarc sign day.newsarc --key ""
check_completion "b.key sub " newsarc pack sub -s ""
check_completion "b.key sub " newsarc keygen -p a.pub --secret-key ""
check_completion "day.newsarc sub " newsarc pack sub -o ""
check_completion "day.newsarc sub " newsarc list ""
check_completion "c.zip sub " newsarc extract day.newsarc -o ""
check_completion "sub " newsarc verify day.newsarc --keyring ""
check_completion "html " newsarc extract day.newsarc --format h
check_completion "markdown " newsarc show day.newsarc id --format m
check_completion "extract " newsarc help ex
check_completion "" newsarc pack --title ""
if command -v zsh >/dev/null; then
  expect 0 zsh -n "$ZSH_SCRIPT"
fi

# Installed where man, bash-completion and zsh look.
BUILD=$(dirname "$NEWSARC")
if [ -f "$BUILD/cmake_install.cmake" ]; then
  expect 0 cmake --install "$BUILD" --prefix "$WORK/prefix"
  same "$PAGE" prefix/share/man/man1/newsarc.1
  same "$BASH_SCRIPT" prefix/share/bash-completion/completions/newsarc
  same "$ZSH_SCRIPT" prefix/share/zsh/vendor-completions/_newsarc
  [ -x prefix/bin/newsarc ] && pass || fail "cmake --install did not install bin/newsarc"
  expect 0 env MANPATH="$WORK/prefix/share/man" man -w newsarc
  contains out "$WORK/prefix/share/man/man1/newsarc.1"
else
  fail "no cmake_install.cmake beside $NEWSARC"
fi

finish
