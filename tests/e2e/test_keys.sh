#!/usr/bin/env bash
# Escape sequences (issue 14): every common spelling of Home, End, Delete,
# PgUp and PgDn works whatever TERM says, in the table and in the filter
# prompt; Alt-keys edit the prompt by words as readline does and never run
# as Esc and a key (Alt-q does not quit, Alt-b does not open the BibTeX);
# a sequence paperdeck does not know is swallowed whole, and the key after
# it is itself. None of these keys opens a link: $BROWSER (a recorder) is
# never run. Then J/K (and n) go to the next and previous entry, in the
# full-screen detail too.
. "$(dirname "$0")/lib.sh"

mkdir -p "$scratch/bin"
cat >"$scratch/bin/recorder" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >> "$scratch/opened"
EOF
chmod +x "$scratch/bin/recorder"

# raw SEQ: sends the bytes of SEQ (printf %b: \033 is ESC) in one write.
raw() {
    # shellcheck disable=SC2046 # one byte a word
    t send-keys -t 0 -H $(printf '%b' "$1" | od -An -tx1 -v)
}
# sel N: the table's selection is entry N of 25 (its border says " N/25 ").
sel() { expect_screen "─ $1/25 ─"; }
# prompt_is TEXT: the bottom line is the filter prompt holding TEXT.
prompt_is() {
    local i line
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        line=$(screen | tail -1)
        [[ "$line" == "/$1 "* || "$line" == "/$1" ]] && { pass; return; }
        sleep 0.05
    done
    fail "the prompt is [$line], expected [/$1]"
}
nothing_opened() {
    settle
    if [ -s "$scratch/opened" ]; then
        fail "$1: a key opened a link: $(cat "$scratch/opened")"
    else
        pass
    fi
}

homes=('\033[1~' '\033[7~' '\033[H' '\033OH')
ends=('\033[4~' '\033[8~' '\033[F' '\033OF')
# Unknown: a key number no terminal has, Ctrl-F1, a CSI with many
# parameters, an SS3 not known, a terminal's answer, rxvt's Shift-Insert,
# a modifier out of range, a mouse report of another button.
unknown=('\033[99~' '\033[1;5P' '\033[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16~'
    '\033Ox' '\033O5Z' '\033[?1;2c' '\033[2$' '\033[1;99D' '\033[<2;3;3M')

for term in xterm-256color tmux-256color; do
    infocmp "$term" >/dev/null 2>&1 || continue
    rm -f "$scratch/opened"
    start -t "$term" -e BROWSER="$scratch/bin/recorder" -e DISPLAY=:0
    expect_count 25
    sel 1

    # --- the table ---------------------------------------------------------
    for i in 0 1 2 3; do
        raw "${ends[$i]}"
        sel 25
        raw "${homes[$i]}"
        sel 1
    done
    raw '\033[6~'
    expect_no_screen "─ 1/25 ─"
    raw '\033[5~'
    sel 1
    raw '\033[3~' # Delete: nothing in the table
    for u in "${unknown[@]}"; do
        raw "$u"
    done
    sel 1
    keys j # the key after them is itself
    sel 2
    raw '\033q' # Alt-q does not quit, Alt-b does not open the BibTeX
    raw '\033b'
    raw '\0331' # nor Alt-1 a link
    keys K
    sel 1
    expect_not_contains "$(screen)" "BibTeX"
    expect_eq "$(cat "$scratch/rc" 2>/dev/null)" ""
    nothing_opened "$term, table"

    # --- the prompt ----------------------------------------------------------
    keys /
    prompt_is ""
    raw '\033[6~' # PgDn and PgUp move the table, the prompt stays
    expect_no_screen "─ 1/25 ─"
    raw '\033[5~'
    sel 1
    type_text "ab"
    for i in 0 1 2 3; do
        raw "${homes[$i]}"
        type_text "$((i + 1))" # typed at the start: a digit, never a link
        raw "${ends[$i]}"
        type_text "$((i + 6))"
    done
    prompt_is "4321ab6789"
    raw '\033[H'
    raw '\033[3~' # Delete at the start
    prompt_is "321ab6789"
    for u in "${unknown[@]}"; do
        raw "$u"
    done
    type_text "x" # at the start still: the sequences moved nothing
    prompt_is "x321ab6789"
    raw '\033OF'
    keys C-u
    prompt_is ""

    # word motions and deletions, as readline
    type_text "foo bar-baz qux"
    raw '\033b' # Alt-b: to the start of qux
    type_text "1"
    prompt_is "foo bar-baz 1qux"
    raw '\033b\033b\033b' # to 1, baz, then bar
    type_text "2"
    prompt_is "foo 2bar-baz 1qux"
    raw '\033f' # Alt-f: to the end of 2bar
    type_text "3"
    prompt_is "foo 2bar3-baz 1qux"
    raw '\033d' # Alt-d: deletes "-baz"
    prompt_is "foo 2bar3 1qux"
    raw '\033[1;5D' # Ctrl-Left: to the start of 2bar3
    raw '\033\177' # Alt-Backspace: deletes "foo "
    prompt_is "2bar3 1qux"
    raw '\033[1;5C' # Ctrl-Right: to the end of 2bar3
    type_text "4"
    prompt_is "2bar34 1qux"
    raw '\033Od' # rxvt's Ctrl-Left
    type_text "5"
    prompt_is "52bar34 1qux"
    raw '\033Oc'
    keys C-w # to the blank before: deletes "52bar34"
    prompt_is " 1qux"
    raw '\033OF\033[1;3D' # End, Alt-Left: a word back too
    type_text "6"
    prompt_is " 61qux"
    raw '\033q' # Alt-q, Alt-b, Alt-1: the prompt stays, nothing quits or opens
    raw '\033b'
    raw '\0331'
    prompt_is " 61qux"
    expect_not_contains "$(screen)" "BibTeX"
    # Esc alone still cancels the prompt
    keys Escape
    expect_no_screen "61qux"
    expect_count 25
    nothing_opened "$term, prompt"

    # --- J/K and n: the next and previous entry, full screen too --------------
    keys g Enter
    expect_screen "Entry 1/25"
    keys J
    expect_screen "Entry 2/25"
    keys n
    expect_screen "Entry 3/25"
    keys K
    expect_screen "Entry 2/25"
    raw '\033[F' # End: scrolls the text, the entry stays
    settle
    expect_contains "$(screen)" "Entry 2/25"
    keys Escape
    sel 2
    keys K
    sel 1
    nothing_opened "$term, detail"
    keys q
    expect_exit 0
done

finish
