# bash completion for newsarc: commands, each command's options, and files by kind (bundles
# .newsarc, public keys .pub, secret keys .key, folders). Installed as
# share/bash-completion/completions/newsarc; or source it from ~/.bashrc.
# Every command and long option of `newsarc COMMAND --help` must appear here:
# tests/cli/manual_test.sh fails otherwise.

_newsarc_files() {  # _newsarc_files EXTENSION...: folders and files of these extensions
  local IFS=$'\n' ext
  COMPREPLY+=($(compgen -d -- "$cur"))
  for ext in "$@"; do
    COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
  done
  compopt -o filenames 2>/dev/null
}

_newsarc() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="keygen pack append list info log extract verify sign seal show recover timestamp search index serve help"
  COMPREPLY=()
  local command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) command=${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "-h --help -V --version" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
    return 0
  fi

  local options
  case $command in
    keygen) options="-h --help -p --public-key -s --secret-key --no-password -c --comment -f --force" ;;
    pack) options="-h --help -o --output -s --sign -c --comment --signer --title --description --level --cluster-size -j --jobs --reproducible --strict --index --compact-index -f --force -q --quiet" ;;
    append) options="-h --help -s --sign -c --comment --signer --title --description --level --cluster-size -j --jobs --reproducible --strict -q --quiet" ;;
    search) options="-h --help --json -n --limit --offset --order --snippet-bytes" ;;
    index) options="-h --help -s --sign -c --comment --signer --compact" ;;
    list) options="-h --help --json --history --since --until --match" ;;
    info) options="-h --help --json" ;;
    log) options="-h --help --json --ids" ;;
    extract) options="-h --help -o --output --format -k --key --keyring --ca --keep-going -f --force -q --quiet --at" ;;
    verify) options="-h --help -k --key --keyring --ca --json --quick -a --article --seal --tsa-ca --as-of -v --verbose -q --quiet" ;;
    sign) options="-h --help -k --key -c --comment --signer --cert --cert-key --chain" ;;
    seal) options="-h --help -o --output -f --force" ;;
    show) options="-h --help -f --format -k --key --keyring --ca -w --width --version" ;;
    recover) options="-h --help -n --dry-run" ;;
    timestamp) options="-h --help --tsa --request-out --tsr --hash --renew --seal-only --timeout --attempts --tls-ca -f --force" ;;
    serve) options="-h --help -p --port --bind" ;;
    help) COMPREPLY=($(compgen -W "${commands% help}" -- "$cur")); return 0 ;;
    *) return 0 ;;
  esac

  # The value of the option before the cursor.
  case $command:$prev in
    sign:-k | sign:--key | keygen:-s | keygen:--secret-key | pack:-s | pack:--sign | append:-s | append:--sign)
      _newsarc_files key; return 0 ;;
    *:--ca | sign:--cert | sign:--cert-key | sign:--chain)
      _newsarc_files pem crt key; return 0 ;;
    keygen:-p | keygen:--public-key | *:-k | *:--key)
      _newsarc_files pub; return 0 ;;
    *:--keyring | seal:-o | seal:--output)
      COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return 0 ;;
    pack:-o | pack:--output) _newsarc_files newsarc; return 0 ;;
    extract:-o | extract:--output) _newsarc_files tar gz zst zip; return 0 ;;
    extract:--format) COMPREPLY=($(compgen -W "folder html ninjs" -- "$cur")); return 0 ;;
    show:-f | show:--format) COMPREPLY=($(compgen -W "text markdown json ninjs" -- "$cur")); return 0 ;;
    *:-c | *:--comment | *:--signer | *:--title | *:--description | *:--level | *:--cluster-size | *:-j | *:--jobs | \
      *:-a | *:--article | *:--since | *:--until | *:--match | *:-w | *:--width | *:--at | *:--version | \
      serve:-p | serve:--port | serve:--bind)
      return 0 ;;  # free text or a number: nothing to offer
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ $command == pack ]]; then
    _newsarc_files json tar gz zst zip
  elif [[ $command == append ]]; then
    _newsarc_files newsarc json tar gz zst zip  # the bundle, then what pack takes
  elif [[ $command != keygen ]]; then
    _newsarc_files newsarc  # the bundle (ids after it are the bundle's own)
  fi
  return 0
}

complete -F _newsarc newsarc
