# bash completion for paperdeck(1): commands, options, sort keys, formats,
# sections of the lists on the command line, and list files.
# Installed as share/bash-completion/completions/paperdeck.

_paperdeck_sections()
{
    # paperdeck names the sections when asked for one that does not exist
    local files=() w
    for w in "${COMP_WORDS[@]:1}"; do
        case $w in
        *.yaml | *.yml | *.md | *.markdown) [[ -f $w ]] && files+=("$w") ;;
        esac
    done
    paperdeck list -c $'\x01' "${files[@]}" 2>&1 >/dev/null | sed -n 's/^  //p'
}

_paperdeck()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n = || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        cword=$COMP_CWORD
        words=("${COMP_WORDS[@]}")
    fi

    local commands="browse list check import follow unfollow update"
    local options="-q --query -s --sort -c --section -f --format -o --output --explain --color
        --colour --list-files -v --verbose -h --help -V --version"
    local sorts="order title venue year date arxiv section score"
    local formats="table tsv json bibtex markdown yaml"

    case $prev in
    -s | --sort)
        local k with=()
        for k in $sorts; do with+=("$k" "$k:asc" "$k:desc"); done
        COMPREPLY=($(compgen -W "${with[*]}" -- "$cur"))
        return
        ;;
    -f | --format)
        COMPREPLY=($(compgen -W "$formats" -- "$cur"))
        return
        ;;
    -c | --section)
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$(_paperdeck_sections)" -- "$cur"))
        return
        ;;
    -o | --output)
        _paperdeck_files '!*.@(yaml|yml)'
        return
        ;;
    -q | --query)
        COMPREPLY=($(compgen -W "is:starred is:read is:unread is:new venue: year: tag: org: kind:
            cat: arxiv: author:" -- "$cur"))
        compopt -o nospace 2>/dev/null
        return
        ;;
    esac

    case $cur in
    --color=* | --colour=*)
        COMPREPLY=($(compgen -W "auto always never" -- "${cur#*=}"))
        return
        ;;
    --sort=*)
        local k with=()
        for k in $sorts; do with+=("$k" "$k:asc" "$k:desc"); done
        COMPREPLY=($(compgen -W "${with[*]}" -- "${cur#*=}"))
        return
        ;;
    --format=*)
        COMPREPLY=($(compgen -W "$formats" -- "${cur#*=}"))
        return
        ;;
    -*)
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
        ;;
    esac

    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
    # lists: YAML for every command, markdown too (import takes only that)
    local pattern='!*.@(yaml|yml|md|markdown|mdown|mkd)'
    [[ ${words[1]} == import ]] && pattern='!*.@(md|markdown|mdown|mkd)'
    _paperdeck_files "$pattern"
}

# Files matching the extglob pattern, and directories (readline adds their
# slash, -o filenames).
_paperdeck_files()
{
    local had_extglob=1 IFS=$'\n'
    shopt -q extglob || had_extglob=0
    shopt -s extglob
    COMPREPLY+=($(compgen -f -X "$1" -- "$cur") $(compgen -d -- "$cur"))
    ((had_extglob)) || shopt -u extglob
    compopt -o filenames 2>/dev/null
}

complete -F _paperdeck paperdeck
