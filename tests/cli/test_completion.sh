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
follow
import
list
odd.yaml
sub
unfollow
update"
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
    expect_eq "$(complete_line paperdeck list -q is:)" "is:new
is:read
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

# zsh, where it is installed: a real interactive zsh in a private tmux,
# Tab pressed after a word, the command line read back.
if command -v zsh >/dev/null 2>&1 && command -v tmux >/dev/null 2>&1; then
    zdot=$scratch/zdot
    mkdir -p "$zdot"
    cat >"$zdot/.zshrc" <<ZRC
fpath=($SOURCE_DIR/data/completion \$fpath)
autoload -U compinit && compinit -u -d $zdot/.zcompdump
PS1='%% '
ZRC
    sock=pd-zsh-$$
    trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$scratch"' EXIT
    tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 10 -c "$scratch/files" \
        "env ZDOTDIR=$zdot HOME=$zdot PATH=$PATH zsh -i"
    # zsh_complete TEXT WANT: types TEXT, Tab, and expects the line to read
    # WANT (the pane's text loses trailing blanks).
    zsh_complete() {
        local i line= want=${2% }
        tmux -L "$sock" send-keys C-u "$1" Tab
        for ((i = 0; i < 60; i++)); do
            line=$(tmux -L "$sock" capture-pane -p | grep -m1 '^% ' || true)
            [ "$line" == "% $want" ] && break
            sleep 0.05
        done
        expect_eq "$line" "% $want"
    }
    sleep 0.3
    zsh_complete "paperdeck l" "paperdeck list "
    zsh_complete "paperdeck list --so" "paperdeck list --sort="
    zsh_complete "paperdeck list -s year:d" "paperdeck list -s year:desc "
    zsh_complete "paperdeck list -f j" "paperdeck list -f json "
    zsh_complete "paperdeck list --color=al" "paperdeck list --color=always "
    zsh_complete "paperdeck list -c Papers/Ad" "paperdeck list -c Papers/Adapt "
    zsh_complete "paperdeck list o" "paperdeck list odd.yaml "
    tmux -L "$sock" kill-server 2>/dev/null
else
    echo "note: zsh or tmux not installed, the zsh completion is not exercised"
fi

finish
