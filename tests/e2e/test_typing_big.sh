#!/usr/bin/env bash
# Typing on a big list (100k entries), where the browser narrows from the
# last matches and ranks only the rows it shows: after every keystroke the
# count and the rows on screen must be what `paperdeck list -q` gives for
# the same query (same rows, same order), and so must the rows past the
# first ranked ones (PgDn, G, the wheel) and a section's rows.
. "$(dirname "$0")/lib.sh"
# The oracle for every query typed below, computed up front.
big_list_oracles 100000 l lo lor lora "lora " "lora a" "lora ax" "lora at" || { finish; exit; }
cli -q "lora at" -c Architecture -f tsv "$list" >"$scratch/sec-arch"
cli -q "lora at" -c Attention -f tsv "$list" >"$scratch/sec-att"

# rows_match ORACLE [FIRST]: the table's rows are the oracle's rows FIRST,
# FIRST+1... (1-based, default 1; "end": the last ones): each title cell is
# a prefix of the oracle's title (cells are cut to fit, with "…") and the
# arXiv cells are equal. Polls until the screen shows them; false if never.
rows_match() {
    local file=$1 first=${2:-1} i
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        if rows_differ "$file" "$first" >/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    rows_differ "$file" "$first" >&2
    screen >&2
    return 1
}
# ok MESSAGE COMMAND...: passes when COMMAND succeeds (fail reports its caller)
ok() {
    local msg=$1
    shift
    if "$@"; then pass; else fail "$msg"; fi
}

start -- "$list"
expect_count $N $N

# Letter by letter, with a typo and a backspace: every prefix's count and
# rows are the CLI's.
keys /
expect_screen "/"
typed=""
for k in l o r a " " a x BSpace t; do
    if [ "$k" == BSpace ]; then
        keys BSpace
        typed=${typed%?}
    else
        type_text "$k"
        typed+=$k
    fi
    f=$(oracle "$typed")
    expect_count "$(tsv_count "$f")" $N
    ok "rows for [$typed] are not the CLI's" rows_match "$f"
done
final=$(oracle "lora at")
ok "lora at: too few matches to scroll" [ "$(tsv_count "$final")" -gt 200 ]
keys Enter
expect_screen "query: lora at"

# Past the ranked head: PgDn 8 times (17 rows a page), then the row at the
# selection is the CLI's; G ends on the CLI's last row.
for i in 1 2 3 4 5 6 7 8; do keys NPage; done
# selection_ranked: the selected row (its number from the detail pane's
# border, its title from the table, one capture) is past the first 117 rows
# and is the CLI's row of that number. Polls: the keys may still be in flight.
selection_ranked() {
    local i s pos sel_title want
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        s=$(screen)
        # the position in the border, right after a column's junction
        # when the last column is as narrow as it
        pos=$(grep -o '[─┴] [0-9]*/[0-9]* ─' <<<"$s" | head -1 | grep -o '[0-9]*/' | tr -d /)
        sel_title=$(grep -F "││▶" <<<"$s" | head -1 | awk -F'│' '{print $4}' |
            sed 's/^▶//; s/ *$//; s/…$//')
        want=$(sed -n "$((${pos:-0} + 1))p" "$final" | cut -f1)
        if [ "${pos:-0}" -gt 117 ] && [ -n "$sel_title" ] && [[ "$want" == "$sel_title"* ]]; then
            return 0
        fi
        sleep 0.1
    done
    echo "selected row ${pos:-?}: [$sel_title], expected past 117 and [$want]" >&2
    return 1
}
ok "PgDn: the selected row is not the CLI's" selection_ranked
keys G
ok "G: the last rows are not the CLI's" rows_match "$final" end
keys g
ok "g: the first rows are not the CLI's" rows_match "$final"

# A section ranks its own matches: Architecture, then Attention (a subtree).
keys h j
expect_screen "  $(tsv_count "$scratch/sec-arch")/"
ok "Architecture: rows are not the CLI's" rows_match "$scratch/sec-arch"
keys j
expect_screen "  $(tsv_count "$scratch/sec-att")/"
ok "Attention: rows are not the CLI's" rows_match "$scratch/sec-att"
keys q
expect_exit 0
finish
