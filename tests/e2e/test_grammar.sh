#!/usr/bin/env bash
# The query grammar is one table (src/query_grammar.c) shown in three
# places: `paperdeck --help` (its QUERIES block), the browser's ? screen
# (after "Filter queries") and the QUERIES section of the manual page (the
# tag after each .TP). The three must list the same terms in the same
# order, and --help and ? the same meanings.
. "$(dirname "$0")/lib.sh"

# --help: the lines after "QUERIES:" up to the blank line, "  TERM  MEANING"
help_rows=$("$PAPERDECK" --help | sed -n '/^QUERIES:/,/^$/p' | sed '1d;/^$/d' \
    | sed -E 's/^  //; s/ {2,}/\t/')
help_terms=$(cut -f1 <<<"$help_rows")
expect_eq "$(wc -l <<<"$help_terms")" "$(grep -c '^    {"' "$SOURCE_DIR/src/query_grammar.c")"
expect_contains "$help_terms" "is:starred"

# the manual page: each .TP's tag in QUERIES is ".B TERM" (quoted when it
# has blanks), its roff escapes decoded
page=$SOURCE_DIR/docs/paperdeck.1
man_terms=$(sed -n '/^\.SH QUERIES$/,/^\.SH [A-Z]/p' "$page" | awk '/^\.TP/ { getline; print }' \
    | sed -E 's/^\.B //; s/^"(.*)"$/\1/' \
    | sed -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g' -e 's/\\e/\\/g' -e 's/\\-/-/g' -e 's/\\&//g')
expect_eq "$man_terms" "$help_terms"

# the ? screen, tall enough to show all of the help at once
start -h 120
expect_count 25
keys '?'
expect_screen "Filter queries (after /)"
# The overlay sits over the browser: read each row from the heading's
# column up to the overlay's right border (bash counts characters here).
overlay_rows() {
    local line col=-1 part
    while IFS= read -r line; do
        if [ "$col" -lt 0 ]; then
            [[ "$line" == *"Filter queries (after /)"* ]] || continue
            part=${line%%Filter queries*}
            col=${#part}
            continue
        fi
        part=${line:col}
        [[ -z "$part" || "$part" == ─* || "$part" == └* ]] && break
        part=${part%%│*}
        printf '%s\n' "$part"
    done < <(screen)
}
screen_rows=$(overlay_rows | sed -E 's/^ +//; s/ +$//' | grep -v '^$' | sed -E 's/ {2,}/\t/')
expect_eq "$(cut -f1 <<<"$screen_rows")" "$help_terms"
expect_eq "$screen_rows" "$help_rows"
keys q
keys q
expect_exit 0

finish
