#!/usr/bin/env bash
# Sorting: s cycles the key, S reverses, a click on a column header sorts by
# it; the header and the status line show key and direction, and the rows
# come in the order the command line gives for the same sort.
. "$(dirname "$0")/lib.sh"

first_title() { cli -f tsv "$@" | sed -n 2p | cut -f1; }
# the title in the first table row (the row after the header)
row1() { screen | sed -n 3p; }
# click X Y: a mouse press and release at 0-based cell (X, Y), in the X10
# encoding the terminfo's kmous announces.
click() {
    local b=$((32 + 0)) x=$((33 + $1)) y=$((33 + $2))
    keys -H 1b 5b 4d "$(printf '%x' $b)" "$(printf '%x' $x)" "$(printf '%x' $y)"
    keys -H 1b 5b 4d 23 "$(printf '%x' $x)" "$(printf '%x' $y)"
}
wheel_down() { keys -H 1b 5b 4d 61 "$(printf '%x' $((33 + $1)))" "$(printf '%x' $((33 + $2)))"; }

# Unsorted, a fuzzy query ranks by score (best first), like the CLI, and
# the status line says the sort is the automatic one; s goes on to list
# order chosen by hand, which a fuzzy query does not turn into score.
start -- -q long
expect_screen "sort: score ▼ (auto)"
want=$(first_title -q long)
expect_contains "$(row1)" "▶${want:0:30}"
keys s
expect_screen "sort: order ▲"
expect_not_contains "$(screen | head -1)" "(auto)"
want=$(first_title -q long -s order)
expect_contains "$(row1)" "${want:0:30}"
keys / BSpace BSpace BSpace BSpace l i n Enter
expect_screen "query: lin"
expect_contains "$(screen | head -1)" "sort: order ▲"
expect_not_contains "$(screen | head -1)" "(auto)"
want=$(first_title -q lin -s order)
expect_contains "$(row1)" "▶${want:0:30}"
keys S
expect_screen "sort: order ▼"
keys q
expect_exit 0

start
expect_count "25"
expect_contains "$(screen | head -1)" "sort: order ▲ (auto)"

keys s
expect_screen "sort: order ▲"
expect_not_contains "$(screen | head -1)" "(auto)"
keys s
expect_screen "sort: title ▲"
expect_contains "$(screen | sed -n 2p)" "Title ▲"
want=$(first_title -s title)
expect_contains "$(row1)" " ${want:0:30}"
keys S
expect_screen "sort: title ▼"
expect_contains "$(screen | sed -n 2p)" "Title ▼"
want=$(first_title -s title:desc)
expect_contains "$(row1)" "${want:0:30}"

keys s
expect_screen "sort: venue ▲"
expect_contains "$(screen | sed -n 2p)" "Venue ▲"
expect_contains "$(row1)" "$(cli -f tsv -s venue | sed -n 2p | cut -f2)"
keys s
expect_screen "sort: year ▲"
expect_contains "$(screen | sed -n 2p)" "Year▲"
want=$(first_title -s year)
expect_contains "$(row1)" "${want:0:30}"
keys S
expect_screen "sort: year ▼"
want=$(first_title -s year:desc)
expect_contains "$(row1)" "${want:0:30}"
keys s
expect_screen "sort: date ▲"
keys s
expect_screen "sort: arxiv ▲"
want=$(first_title -s arxiv)
expect_contains "$(row1)" "${want:0:30}"
keys s
expect_screen "sort: section ▲"
# score is skipped while the query is not fuzzy: back to auto
keys s
expect_screen "sort: order ▲ (auto)"
expect_contains "$(row1)" "LoRA"

# The selected entry stays selected across sorts.
keys j j
expect_screen " 3/25 ─"
sel=$(screen | grep -F "▶" | head -1 | sed 's/.*▶//; s/ *│.*//')
keys s s
expect_screen "sort: title ▲"
expect_contains "$(screen | grep -F "▶" | head -1)" "$sel"

# A sort the user chose stays when a fuzzy query comes.
keys / l o n g Enter
expect_screen "query: long"
expect_contains "$(screen | head -1)" "sort: title ▲"

# Click on the Venue header: sort by venue; again: reversed.
header=$(screen | sed -n 2p)
prefix=${header%%Venue*}
click "${#prefix}" 1
expect_screen "sort: venue ▲"
click "${#prefix}" 1
expect_screen "sort: venue ▼"

# Clearing the filter keeps the selected entry (filter to find it, clear
# to see its neighbours).
sel=$(screen | grep -F "▶" | head -1 | sed 's/.*▶//; s/ *│.*//')
keys '\'
expect_count "25"
expect_contains "$(screen | grep -F "▶" | head -1)" "$sel"

# Click on a row selects it; the wheel scrolls.
keys g
expect_screen " 1/25 ─"
click 40 6
expect_screen " 5/25 ─"
wheel_down 40 6
wheel_down 40 6
expect_screen " 7/25 ─"

keys q
expect_exit 0
finish
