#!/usr/bin/env bash
# Startup on the embedded list: every entry, the category pane with its
# counts, the status line, the help overlay; q gives the terminal back.
. "$(dirname "$0")/lib.sh"

start
expect_count "25"
s=$(screen)
expect_contains "$s" "paperdeck · Efficiency"
expect_contains "$s" "sort: order ▲"
expect_contains "$s" "Categories"
# Category pane: All and the tree, with their counts.
expect_eq "$(row "│ All" | grep -o 'All *[0-9]*' | tr -s ' ')" "All 25"
expect_eq "$(row "Papers" | grep -o 'Papers *[0-9]*' | tr -s ' ')" "Papers 20"
expect_eq "$(row "  Architecture" | grep -o 'Architecture *[0-9]*' | head -1 | tr -s ' ')" \
    "Architecture 17"
expect_eq "$(row "│ Blogs" | grep -o 'Blogs *[0-9]*' | head -1 | tr -s ' ')" "Blogs 2"
expect_eq "$(row "│ Projects" | grep -o 'Projects *[0-9]*' | head -1 | tr -s ' ')" "Projects 3"
# Table header and the first entry, selected.
expect_contains "$s" "┌ Title"
expect_contains "$s" "┬ Venue"
expect_contains "$s" "┬ Year"
expect_contains "$s" "┬ arXiv"
expect_contains "$s" "┬ Section"
expect_contains "$(row "LoRA")" "▶LoRA: Low-Rank Adaptation of Large Language"
expect_contains "$(row "LoRA")" "ICLR 2022"
expect_contains "$(row "LoRA")" "2106.09685"
# The detail pane follows the selection (35 lines is tall enough).
expect_contains "$s" "├ Detail"
expect_contains "$s" "Org      Microsoft"
expect_contains "$s" " 1/25 "
# Key hints at the bottom.
expect_contains "$(screen | tail -1)" "/ filter"
expect_contains "$(screen | tail -1)" "q quit"

# Every one of the 25 titles is in the table once the list is paged through.
titles=$(cli -f tsv | tail -n +2 | cut -f1)
seen=$(screen)
keys G
expect_screen "25/25 ─"
seen+=$(screen)
missing=0
while IFS= read -r title; do
    prefix=${title:0:18}
    [[ "$seen" == *"$prefix"* ]] || { missing=$((missing + 1)); echo "not shown: $title" >&2; }
done <<<"$titles"
expect_eq "$missing" 0
expect_eq "$(printf '%s\n' "$titles" | wc -l)" 25
keys g
expect_screen " 1/25 ─"

# The help overlay is generated from the keymap.
keys '?'
expect_screen "help"
s=$(screen)
expect_contains "$s" "Moving"
expect_contains "$s" "j ↓ Ctrl-N"
expect_contains "$s" "next entry"
expect_contains "$s" "PgDn Ctrl-F"
expect_contains "$s" "Filter and sort"
expect_contains "$s" "reverse the sort"
keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
expect_screen "quit at once"
expect_screen "year:>=2021"
keys q
expect_no_screen "quit at once"
expect_screen "LoRA"

# q quits, status 0, the terminal as it was.
keys q
expect_exit 0

# An initial query from the command line applies at start.
start -- -q "venue:icml"
expect_screen "query: venue:icml"
want=$(cli -q "venue:icml" -f tsv | tail -n +2 | wc -l)
expect_count "$want"
keys q
expect_exit 0

finish
