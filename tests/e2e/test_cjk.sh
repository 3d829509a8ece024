#!/usr/bin/env bash
# Wide and combining characters keep the columns aligned: the cell after the
# title starts at the same display column on every row (CJK counts two
# columns, a combining mark none), at several widths, cut titles included,
# and no control character in a title reaches the terminal.
. "$(dirname "$0")/lib.sh"
odd=$SOURCE_DIR/tests/e2e/fixtures/odd.yaml

# columns_aligned N PATTERN: the N-th "│" of every table row matching
# PATTERN sits at one display column; the column goes to $scratch/col.
columns_aligned() {
    local n=$1 pattern=$2 line col first=
    local bad=0
    while IFS= read -r line; do
        col=$(column_of "$line" "$n")
        [ -z "$first" ] && first=$col
        [ "$col" == "$first" ] || { bad=$((bad + 1)); echo "misaligned ($col, not $first): $line" >&2; }
    done < <(screen | grep -E -- "$table_rows" | grep -E -- "$pattern")
    expect_eq "$bad" 0
    echo "$first" >"$scratch/col"
}

# table rows have a separator after each cell; detail rows do not
table_rows='([│┃][^│┃]*){5}'

for size in "120 35" "100 30" "80 24" "60 20"; do
    set -- $size
    start -w "$1" -h "$2"
    expect_count "25"
    # to the Blogs section in the category pane (shown, or toggled with c)
    if [ "$1" -lt 70 ]; then keys c; fi
    keys h
    keys G k
    expect_count 2 2
    expect_screen "线性Attention"
    expect_screen "为节约而生"
    # Both CJK titles and the frame: the separator after the title lines up
    # with the header's junction.
    columns_aligned 4 "线性Attention|为节约而生"
    cjk_col=$(cat "$scratch/col")
    header=$(screen | sed -n 2p)
    junction=${header%%┬*}
    expect_eq "$cjk_col" "$(($(display_width "$junction") + 1))"
    keys q
    expect_exit 0
done

# All 25 entries: every table row has its title cell end at one column.
start
expect_count "25"
keys G
expect_screen "25/25 ─"
columns_aligned 4 .
keys q
expect_exit 0

# Wide, combining and control characters from a file.
start -- "$odd"
expect_screen "Plain ASCII title"
columns_aligned 4 .
s=$(screen)
expect_contains "$s" "全角ＡＢＣ and 한국어 and 日本語のタイトル"
expect_contains "$s" "$(printf 'Cafe\xcc\x81 combining acute')"
# Control characters are shown as pictures, never sent to the terminal.
expect_contains "$s" "Escape ␛[31mred␛[0m and bell ␇ here"
expect_contains "$s" "Venue␛]0;pwned␇"
raw=$(screen -e)
expect_not_contains "$raw" $'\e[31mred'
expect_not_contains "$raw" $'\e]0;pwned'
expect_not_contains "$raw" $'\a'
# A cut CJK title ends in an ellipsis and never splits a character.
t resize-window -t 0 -x 62 -y 20
expect_no_screen "日本語のタイトル"
# (the screen may be between a clear and the redraw: wait for the row)
for ((i = 0; i < TIMEOUT * 20; i++)); do
    cut=$(row "全角")
    [[ "$cut" == *"…"* ]] && break
    sleep 0.05
done
expect_contains "$cut" "…"
columns_aligned 2 .
keys q
expect_exit 0

finish
