#!/usr/bin/env bash
# The filter prompt: live narrowing of rows and section counts, highlights of
# the matched letters, regex queries, errors that keep the last good result,
# Enter keeps and Esc restores. The command line is the oracle for counts.
. "$(dirname "$0")/lib.sh"

count() { cli -q "$1" -f tsv | tail -n +2 | wc -l; }
section_count() { cli -q "$1" -f tsv | tail -n +2 | cut -f5 | grep -c "^$2" || true; }

start
expect_count "25"

# Fuzzy: "lin att" narrows as it is typed.
keys /
expect_screen "/"
type_text "lin"
n_lin=$(count "lin")
expect_count "$n_lin"
type_text " att"
n=$(count "lin att")
expect_count "$n"
[ "$n" -lt 25 ] && [ "$n" -gt 0 ] && pass || fail "lin att should narrow the list, got $n"
s=$(screen)
expect_contains "$(screen | tail -1)" "/lin att"
# Section counts follow the filter.
expect_eq "$(row "│ All" | grep -o 'All *[0-9]*' | tr -s ' ')" "All $n"
expect_eq "$(row "  Architecture" | grep -o 'Architecture *[0-9]*' | head -1 | tr -s ' ')" \
    "Architecture $(section_count "lin att" Papers/Architecture)"
expect_eq "$(row "│ Blogs" | grep -o 'Blogs *[0-9]*' | head -1 | tr -s ' ')" \
    "Blogs $(section_count "lin att" Blogs)"
# Ranked by score: the first row is the CLI's best match.
best=$(cli -q "lin att" -f tsv | sed -n 2p | cut -f1)
expect_contains "$(screen | sed -n 3p)" "▶${best:0:30}"
expect_contains "$s" "sort: score ▼"
# Matched letters are highlighted: bold + underline (SGR 1 and 4) right
# before them, in the table and in the detail pane.
sel=$(screen -e | sed -n 3p)
expect_contains "$sel" $'\e[4m'
# in the detail pane too: the title of the selected entry, Linformer
expect_eq "$(screen -e | grep -F "former: Self-" | grep -c $'\e\\[[0-9;]*4m')" 2
# which letters: the escapes sit right before "Lin" and "Att" of Linformer
hl=$(screen -e | grep -F "former: Self-" | head -1 | sed 's/\x1b\[[0-9;]*m/|/g')
expect_contains "$hl" "|Lin|"
expect_contains "$hl" "|Att|"

# Enter keeps the filter; the query shows in the status line.
keys Enter
expect_screen "query: lin att"
expect_contains "$(screen | tail -1)" "q quit"

# Esc restores the previous filter after a change.
keys /
type_text "x"
expect_count "$(count "lin attx")"
keys Escape
expect_count "$n"
expect_screen "query: lin att"

# Ctrl-U clears the line; backspace and UTF-8: "nyström" finds Nyströmformer.
keys / C-u
expect_count "25"
type_text "nyströmz"
expect_count "0"
expect_screen "no entry matches"
keys BSpace
expect_count "1"
expect_contains "$(screen | tail -1)" "/nyström"
expect_contains "$(screen | sed -n 3p)" "Nyströmformer"
keys Enter

# A regex: titles starting with L.
keys / C-u
type_text "/^L/"
n_re=$(count "/^L/")
expect_count "$n_re"
keys Enter
expect_screen "query: /^L/"
s=$(screen | sed -n '3,12p')
expect_contains "$s" "LoRA"
expect_contains "$s" "Linformer"
expect_not_contains "$s" "Reformer"

# A bad regex: the error shows while typing and the rows stay.
keys / C-u
expect_count 25
type_text "/(/"
expect_screen "missing closing parenthesis"
expect_count "25"
keys C-u
type_text "/(" # an unclosed regex is an error too
expect_screen "unclosed regex"
expect_contains "$(screen)" "25/25"
type_text "/"
expect_screen "missing closing parenthesis"
keys BSpace BSpace
expect_screen "unclosed regex"
# Enter on an error keeps the last good filter and says so.
keys Enter
expect_screen "kept the filter"

# Field qualifiers and negation.
keys / C-u
type_text "year:>=2023 !kind:project"
expect_count "$(count "year:>=2023 !kind:project")"
keys Enter
# \ clears the filter.
keys '\'
expect_count "25"
expect_no_screen "query:"

# The prompt edits like readline: Ctrl-A, Ctrl-E, Ctrl-W, arrows.
keys /
type_text "att lin"
keys C-w
expect_count "$(count "att")"
expect_contains "$(screen | tail -1)" "/att"
expect_not_contains "$(screen | tail -1)" "lin"
keys C-a
type_text "lin "
expect_screen "/lin att"
expect_count "$n"
keys C-e Left Left Left Left C-k
expect_count "$n_lin"
keys Enter
keys q
expect_exit 0

finish
