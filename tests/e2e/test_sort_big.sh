#!/usr/bin/env bash
# Sorting a big list (100k entries): s pressed again and again, faster
# than a sort could take if it were slow, ends on the last key's order
# (the rows the command line gives for it); q among held sort keys ends
# the program at once; a sort by score that scores every match (worst
# first) ends in the command line's order too, the status line saying
# how far it is while it runs (slowed by PAPERDECK_TEST_SLOW_SORT).
. "$(dirname "$0")/lib.sh"
TIMEOUT=${E2E_TIMEOUT:-60} # loading 100k entries under ASan takes seconds

N=100000
[ -z "${PAPERDECK_UNDER_VALGRIND:-}" ] || N=20000
list=$scratch/big.yaml
big_list $N "$list" || { fail "cannot write a list of $N entries"; finish; exit; }
cli -s venue -f tsv "$list" | head -n 60 >"$scratch/venue"
cli -s year:desc -f tsv "$list" | head -n 60 >"$scratch/year-desc"
cli -q e -s score:asc -f tsv "$list" | head -n 60 >"$scratch/worst"

# shows ORACLE: polls until the table's rows are ORACLE's first rows (g
# each time: a sort keeps the selected entry, scrolled to where it went,
# and a sort still running moves it when it ends).
shows() {
    local i
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        keys g
        rows_differ "$1" 1 >/dev/null && return 0
        sleep 0.1
    done
    rows_differ "$1" 1 >&2
    screen >&2
    return 1
}

start -- "$list"
expect_count $N $N
# auto, then order, title, venue, year, date, arxiv, section, auto, order,
# title, venue: eleven keys in one write
keys s s s s s s s s s s s
expect_screen "sort: venue ▲"
if shows "$scratch/venue"; then pass; else fail "s x11: the rows are not sorted by venue"; fi
# venue, year, then reversed
keys s S
expect_screen "sort: year ▼"
if shows "$scratch/year-desc"; then pass; else fail "s S: the rows are not by year, descending"; fi

# q among sort keys: the program is gone within a second (it was 18 s at
# 1M when each sort took 200 ms and every key waited for the one before)
keys s s s s s s s s s s s s s s s s s s s s
t0=$(date +%s%N)
keys q
if wait_exit; then
    ms=$((($(date +%s%N) - t0) / 1000000))
    expect_eq "$rc" 0
    [ "$ms" -lt 3000 ] && pass || fail "q among sort keys took $ms ms"
else
    fail "q among sort keys: paperdeck did not exit"
fi

# Worst first by score: every match of `e` scored, a slice between keys.
# The keys come while only the list's head is shown: the sort of all N
# rows runs when the rest has loaded. Each slice made 60 ms slower (a test
# knob), so it takes longer than the 100 ms after which the status line
# shows how far it is.
start -e PAPERDECK_TEST_SLOW_SORT=60 -- -q e "$list"
expect_screen "sort: score ▼ (auto)"
keys s s s s s s s s S
# (one look at the status line for both words and the percentage: the
# sort may end between two looks; before 100 ms it says "sort: score ▲")
sorting=
for ((i = 0; i < TIMEOUT * 20; i++)); do
    line=$(screen | head -1)
    [[ "$line" =~ sorting:\ score\ ▲\ [0-9]+% ]] && sorting=yes && break
    sleep 0.05
done
[ -n "$sorting" ] && pass || fail "the status line never said how far the sort was: $line"
if shows "$scratch/worst"; then pass; else fail "score, worst first: not the CLI's order"; fi
expect_screen "sort: score ▲"
expect_no_screen "sorting:"
keys q
expect_exit 0
finish
