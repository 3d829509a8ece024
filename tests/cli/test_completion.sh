#!/usr/bin/env bash
# bash completion (data/completion/paperdeck.bash): commands, options, sort
# keys, formats, --color values, the sections of the lists given, and list
# files. Runs the completion function as bash would, without bash-completion
# installed (and with it, when it is).
. "$(dirname "$0")/lib.sh"

script=$SOURCE_DIR/data/completion/paperdeck.bash
mkdir -p "$scratch/bin" "$scratch/files/sub"
ln -s "$PAPERDECK" "$scratch/bin/paperdeck" # the section names come from paperdeck
export PATH="$scratch/bin:$PATH"
cd "$scratch/files"
touch a.yaml b.txt c.md d.yml notes.json
cp "$SOURCE_DIR/tests/e2e/fixtures/odd.yaml" odd.yaml

# complete WORDS...: the completions of the last word, sorted, one a line.
complete_line() {
    bash -c '
        shopt -u extglob
        [ -n "$BC" ] && . "$BC"
        . "$0"
        COMP_WORDS=("${@}")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        _paperdeck paperdeck "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}" | sort
    ' "$script" "$@"
}

check_all() {
    expect_eq "$(complete_line paperdeck "")" "a.yaml
browse
c.md
check
d.yml
import
list
odd.yaml
sub"
    expect_eq "$(complete_line paperdeck li)" "list"
    expect_eq "$(complete_line paperdeck list --so)" "--sort"
    expect_eq "$(complete_line paperdeck list --l)" "--list-files"
    expect_eq "$(complete_line paperdeck list -s ye)" "year
year:asc
year:desc"
    expect_eq "$(complete_line paperdeck list --sort=sc)" "score
score:asc
score:desc"
    expect_eq "$(complete_line paperdeck list -f t)" "table
tsv"
    expect_eq "$(complete_line paperdeck list --format=b)" "bibtex"
    expect_eq "$(complete_line paperdeck --color=a)" "always
auto"
    expect_eq "$(complete_line paperdeck list -q is:)" "is:read
is:starred
is:unread"
    # sections: of the built-in list, and of the lists on the line
    expect_eq "$(complete_line paperdeck list -c Papers/A)" "Papers/Adapt
Papers/Architecture"
    expect_contains "$(complete_line paperdeck list odd.yaml -c "")" "Links"
    expect_not_contains "$(complete_line paperdeck list odd.yaml -c "")" "Papers/Adapt"
    # import takes markdown; -o writes YAML
    expect_eq "$(complete_line paperdeck import "")" "c.md
sub"
    expect_eq "$(complete_line paperdeck import c.md -o "")" "a.yaml
d.yml
odd.yaml
sub"
    # the script leaves the shell's extglob as it found it
    expect_eq "$(bash -c 'shopt -u extglob; . "$0"; COMP_WORDS=(paperdeck ""); COMP_CWORD=1;
        _paperdeck; shopt -q extglob && echo on || echo off' "$script")" "off"
}

BC= check_all
for bc in /usr/share/bash-completion/bash_completion; do
    [ -f "$bc" ] && BC=$bc check_all
done
export BC=

# the options offered are the options --help lists
opts=$(complete_line paperdeck -)
for o in $("$PAPERDECK" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
    expect_contains "$opts" "$o"
done

finish
