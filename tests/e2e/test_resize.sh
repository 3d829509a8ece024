#!/usr/bin/env bash
# Resizing: the layout follows the terminal at once (SIGWINCH), from 120x35
# down to 40x12, 20x6 and smaller, and back, without losing the state.
. "$(dirname "$0")/lib.sh"

resize() { t resize-window -t 0 -x "$1" -y "$2"; }
alive() { [ ! -e "$scratch/rc" ] && kill -0 "$(paperdeck_pid)" 2>/dev/null; }
expect_alive() { alive && pass || fail "paperdeck died: rc=$(cat "$scratch/rc" 2>/dev/null)"; }
# bad_rows W: how many framed rows do not end in the last column.
bad_rows() {
    local w=$1 bad=0 line
    while IFS= read -r line; do
        [ "$(display_width "$line")" -eq "$w" ] || bad=$((bad + 1))
    done < <(screen | grep -E '^[│├┌└]')
    echo "$bad"
}
# frame_ok W: every table row ends with the right border in the last column,
# once the redraw after a resize is complete (a capture can land mid-update
# on a loaded machine, so wait for the frame to settle, then judge it).
frame_ok() {
    local w=$1 i bad
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        bad=$(bad_rows "$w")
        [ "$bad" -eq 0 ] && break
        sleep 0.05
    done
    expect_eq "$bad" 0
}

start
expect_count "25"
keys j j
expect_screen " 3/25 ─"

resize 40 12
expect_no_screen "Categories"
s=$(screen)
expect_contains "$(printf '%s\n' "$s" | head -1)" "25/25"
expect_contains "$s" "┌ Title"
expect_contains "$s" "3/25 ─┘"
expect_contains "$s" "▶"
expect_not_contains "$s" "├ Detail"
frame_ok 40
expect_alive

resize 80 24
expect_screen "Categories"
s=$(screen)
expect_contains "$s" "┬ Venue"
expect_not_contains "$s" "├ Detail"
frame_ok 80
# the title column keeps a useful width at 80 columns
title_w=$(printf '%s\n' "$s" | sed -n 2p | sed 's/.*┌ Title//; s/┬.*//' | wc -L)
[ "$title_w" -ge 24 ] && pass || fail "title column only $title_w wide at 80x24"

resize 120 35
expect_screen "├ Detail"
s=$(screen)
expect_contains "$s" "Categories"
expect_contains "$s" " 3/25 ─"
frame_ok 120

# A tiny terminal shows what fits.
resize 20 6
expect_no_screen "Categories"
expect_screen "┌ Title"
s=$(screen)
expect_contains "$s" "▶"
expect_alive
frame_ok 20
# Smaller still, and keys while there: nothing breaks.
for size in "12 4" "8 3" "3 2" "1 1" "30 2" "2 30"; do
    resize $size
    settle
    keys j k G g
    expect_alive
done
resize 20 6
keys '?'
settle
expect_alive
keys q
keys / l i n
settle
resize 12 4
settle
resize 120 35
expect_screen "├ Detail"
expect_screen "/lin"
expect_alive
keys Enter
expect_screen "query: lin"
# Enter the full-screen detail and resize under it.
keys Enter
expect_screen "Entry 1/"
resize 40 12
expect_screen "Entry 1/"
resize 120 35
expect_screen "Entry 1/"
keys Escape
expect_screen "Categories"

# Many resizes in a row.
for i in 1 2 3 4 5 6 7 8; do
    resize $((60 + i * 7)) $((15 + i * 2))
done
resize 120 35
expect_screen "├ Detail"
expect_alive
frame_ok 120
keys q
expect_exit 0

# Starting in a tiny terminal works too.
start -w 20 -h 6
expect_screen "┌ Title"
keys q
expect_exit 0
start -w 4 -h 2
settle
expect_alive
keys q
expect_exit 0 tiny

finish
