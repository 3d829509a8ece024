#!/usr/bin/env bash
# The category pane: moving in it scopes the table to the section's subtree,
# sections fold and unfold (h/l, Space, a click on the marker), c hides and
# shows the pane, and narrow terminals hide it until asked.
. "$(dirname "$0")/lib.sh"

# click X Y: a mouse press at 0-based cell (X, Y) (X10 encoding).
click() {
    keys -H 1b 5b 4d 20 "$(printf '%x' $((33 + $1)))" "$(printf '%x' $((33 + $2)))"
    keys -H 1b 5b 4d 23 "$(printf '%x' $((33 + $1)))" "$(printf '%x' $((33 + $2)))"
}
sidebar() { screen | cut -c1-21; }

start
expect_count 25
keys h # from the table to the categories
keys j
expect_count 20 20
expect_screen "Efficiency / Papers"
expect_contains "$(screen | sed -n 2p)" "┬ Section" # Papers has subsections
keys j
expect_count 1 1
expect_screen "Efficiency / Papers/Adapt"
expect_contains "$(screen | sed -n 3p)" "LoRA"
expect_not_contains "$(screen | sed -n 2p)" "Section" # a leaf: no section column
keys j
expect_count 17 17
keys G
expect_count 3 3
expect_contains "$(screen | sed -n 3p)" "MemGPT"

# Folding: h folds Papers (from a child: first to the parent, then fold).
keys g j j
expect_count 1 1
keys h
expect_count 20 20
keys h
expect_screen "▸Papers"
s=$(sidebar)
expect_not_contains "$s" "Adapt"
expect_not_contains "$s" "Architecture"
expect_contains "$(sidebar | sed -n 5p)" "Blogs"
expect_count 20 20 # still scoped to Papers
keys l
expect_screen "▾Papers"
expect_contains "$(sidebar)" "Architecture"
keys Space
expect_screen "▸Papers"
keys Space
expect_screen "▾Papers"
# A click on the marker folds; a click on a row selects it.
click 1 3
expect_screen "▸Papers"
click 1 3
expect_screen "▾Papers"
blogs_y=$(screen | grep -n "│ Blogs" | head -1 | cut -d: -f1)
click 5 $((blogs_y - 1))
expect_count 2 2
expect_screen "为节约而生"
# Enter goes to the table; j then moves the table's selection.
keys Enter j
expect_screen " 2/2 ─"
keys h k k k k k k k
expect_count 25

# c hides and shows the pane.
keys c
expect_no_screen "Categories"
expect_contains "$(screen | sed -n 2p)" "┌ Title"
keys c
expect_screen "Categories"
keys q
expect_exit 0

# Below 70 columns the pane hides itself; c shows it, narrowed.
start -w 60 -h 20
expect_count 25
expect_no_screen "Categories"
keys c
expect_screen "Categor"
w=$(screen | sed -n 2p | sed 's/┐.*/┐/' | wc -L)
[ "$w" -le 30 ] && pass || fail "category pane is $w columns at 60"
# showing the pane leaves the focus in the table: j moves the table's row
keys j
expect_screen " 2/25 ─"
expect_count 25
keys h j
expect_count 20 20
keys c
expect_no_screen "Categor"
expect_count 20 20 # the scope stays
keys q
expect_exit 0

finish
