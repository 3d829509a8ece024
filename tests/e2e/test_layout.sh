#!/usr/bin/env bash
# The layout on terminals of every size: the title is the main column and
# never narrows as the terminal widens (the other columns and the category
# pane come in only when it keeps its width); the status line cuts the list
# title before the section path; the detail shows the Source relative to
# HOME (~), wrapped after a '/', and the paragraphs of a note.
. "$(dirname "$0")/lib.sh"

home=$scratch/home
dir=$home/a-rather-long-directory-name/another-long-directory-name
mkdir -p "$dir"
cp "$SOURCE_DIR/tests/e2e/fixtures/long.yaml" "$dir/long.yaml"

# title_width: the columns of the title cell, from the table's top border:
# " Title", then up to the next column's junction or the frame's corner.
title_width() {
    local header rest
    header=$(screen | grep -m1 "┌.*Title")
    rest=${header#*Title}
    rest=${rest%%[┬┐]*}
    echo $((6 + $(printf '%s' "$rest" | wc -m)))
}
resize() { t resize-window -t 0 -x "$1" -y "$2"; }
# wait_width W: until the table's top border is drawn W columns wide
wait_width() {
    local i
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [ "$(screen | grep -m1 "┌.*Title" | wc -m)" -eq $(($1 + 1)) ] && return 0
        sleep 0.05
    done
    fail "the table never redrew at $1 columns:
$(screen | head -3)"
}

# The title cell over widths, with the built-in list and with long titles:
# never narrower on a wider terminal.
for list in "" "$dir/long.yaml"; do
    start -w 40 -h 24 -- ${list:+"$list"}
    expect_screen "sort:"
    last=0
    for w in 40 50 60 65 70 75 80 85 90 100 110 120 140 170 200; do
        resize "$w" 24
        wait_width "$w"
        settle
        tw=$(title_width)
        [ "$tw" -ge "$last" ] && pass || fail "title cell $tw at $w columns, $last before"
        last=$tw
    done
    [ "$last" -ge 90 ] && pass || fail "title cell $last at 200 columns"
    keys q
    expect_exit 0
done

# The status line: a long list title is cut so the section path shows
# whole; with less room the title goes, the path stays.
start -w 100 -h 24 -- "$dir/long.yaml"
expect_screen "Categories"
keys h j j
expect_screen "Architectures/Linear Attention Variants"
top=$(screen | head -1)
expect_contains "$top" "· A Very Long"
expect_contains "$top" "… / Architectures/Linear Attention Variants  3/3"
resize 80 24
wait_width 80
top=$(screen | head -1)
expect_contains "$top" "paperdeck · Architectures/Linear Attention Variants  3/3"
expect_not_contains "$top" "A Very"
keys q
expect_exit 0

# The query is what the table shows: the list title and the sort give way
# before it is cut, and on a tiny terminal it takes the place of "paperdeck".
query='/trans(former)?s?/ venue:i'
start -w 80 -h 24
expect_screen "sort:"
keys /
type_text "$query"
keys Enter
expect_screen "query: $query  "
expect_contains "$(screen | head -1)" " paperdeck "
resize 40 10
expect_status_width 40
expect_eq "$(screen | head -1)" " paperdeck  query: /trans(former…  4/25"
resize 30 8
expect_status_width 30
expect_eq "$(screen | head -1)" " query: /trans(former)…  4/25"
keys q
expect_exit 0

# The detail, full screen at 80 columns: Source with ~, wrapped after a
# '/', and the note's two paragraphs with the blank line between them.
start -w 80 -h 24 -e HOME="$home" -- "$dir/long.yaml"
expect_screen "sort:"
keys Enter
expect_screen "Source"
s=$(screen)
src=$(printf '%s\n' "$s" | grep -A1 "Source" | sed 's/^│ *//; s/ *│$//')
expect_contains "$src" "~/a-rather-long-directory-name/"
expect_not_contains "$s" "$home"
# the first line of it ends at a '/', the next starts with a whole name
first=$(printf '%s\n' "$src" | head -1)
[[ $first == */ ]] && pass || fail "Source line does not end at a '/': [$first]"
expect_contains "$(printf '%s\n' "$src" | tail -1)" "long.yaml:"
notes=$(printf '%s\n' "$s" | grep -A3 "Notes" | sed 's/^│ //; s/ *│$//')
expect_eq "$notes" "Notes    First paragraph of the note,
         which the file wraps by hand.

         Second paragraph."
keys q q
expect_exit 0

# A column no entry has a value in is not shown, nor the section column of a
# list with one section. (The e2e fixtures all have venues and several
# sections.)
cat >"$scratch/bare.yaml" <<'EOF'
paperdeck: 1
title: Bare
sections:
  - name: Only
    entries:
      - title: "A Paper Without A Venue Whose Title Is Long Enough To Want The Room Of A Wide Terminal Row"
        arxiv: "2301.00001"
      - title: "Another one"
        arxiv: "2302.00002"
EOF
start -w 200 -h 12 -- "$scratch/bare.yaml"
expect_screen "sort:"
header=$(row "┌ Title")
expect_contains "$header" "┬ Year ┬ arXiv "
expect_not_contains "$header" "Venue"
expect_not_contains "$header" "Section"
expect_contains "$(row "Without A Venue")" "Wide Terminal Row"
expect_contains "$(row "Without A Venue")" "│ 2023 │ 2301.00001 │"
keys q
expect_exit 0

# On a wide terminal the detail's pairs of fields stay together: the right
# one starts 48 columns after the left one, not at half of 200 columns.
start -w 200 -h 40
expect_screen "sort:"
keys Enter
expect_screen "Entry 1/25"
venue=$(row "Venue    ICLR 2022")
expect_contains "$venue" "ICLR 2022$(printf '%*s' 30 '')Year     2022"
keys q q
expect_exit 0
finish
