#!/usr/bin/env bash
# A long list shows head first: the first screen holds its first 2000
# entries (with the load's progress on the status line) while the whole list
# loads on a thread (and is saved to the cache, which later starts map),
# then the whole list takes its place keeping the filter;
# R and q work while it loads; an error past the head ends the browser with
# the error printed and status 2; a section past the head is waited for; a
# change to the list seen while it loads is loaded once it is in.
. "$(dirname "$0")/lib.sh"
TIMEOUT=${E2E_TIMEOUT:-60} # 150k entries under ASan take seconds to load

# long enough that the head shows well before the whole (~0.8 s optimised);
# under valgrind (scripts/valgrind.sh) fewer: it is slow enough anyway
N=150000
[ -z "${PAPERDECK_UNDER_VALGRIND:-}" ] || N=30000
list=$scratch/big.yaml
big_list $N "$list" || { fail "cannot write a list of $N entries"; finish; exit; }
count_of() { echo $(($(cli "$@" -f tsv "$list" | wc -l) - 1)); }
# the status line while the head shows: "loading 12%  2000/2000" (or
# "indexing  2000/2000" once parsed)
head_shown() { wait_for "  2000/2000  sort:"; }

# 1. head first, then the whole list, in document order
first_title=$(cli -f tsv "$list" | sed -n 2p | cut -f1)
start -e PAPERDECK_TEST_SLOW_LOAD=1500 -- "$list"
if head_shown; then pass; else fail "the head never showed: $(screen | head -1)"; fi
expect_contains "$(screen | head -1)" "ing" # loading NN% or indexing
expect_contains "$(row "▶")" "${first_title:0:20}"
expect_count $N $N
expect_not_contains "$(screen | head -1)" "loading"
expect_contains "$(row "▶")" "${first_title:0:20}"
# the whole load saved the cache the next start maps
expect_eq "$(find "$XDG_CACHE_HOME" -name '*.cache' | wc -l)" 1

# From here the cache is off: each start loads the list itself. The whole
# load starts 1.5 s late (a test hook), so there is time to act on the head
# however fast this machine loads.
# 2. a filter typed on the head is the whole list's filter once it is in
start -e PAPERDECK_CACHE=off -e PAPERDECK_TEST_SLOW_LOAD=1500 -- "$list"
head_shown
keys /
type_text "lora at"
keys Enter
expect_screen "query: lora at"
expect_count "$(count_of -q "lora at")" $N
expect_contains "$(screen | head -1)" "query: lora at"

# 3. R while it loads: nothing to reload yet
start -e PAPERDECK_CACHE=off -e PAPERDECK_TEST_SLOW_LOAD=1500 -- "$list"
head_shown
keys R
expect_screen "still loading the list"
expect_count $N $N

# 4. q while it loads: the load is called off, a clean exit
start -e PAPERDECK_CACHE=off -e PAPERDECK_TEST_SLOW_LOAD=1500 -- "$list"
head_shown
keys q
expect_exit 0

# 5. an error past the head: the browser ends, the error is printed
bad=$scratch/bad.yaml
cp "$list" "$bad"
printf '      - title: "Bad year"\n        year: nineteen\n' >>"$bad"
bad_line=$(wc -l <"$bad")
start -e PAPERDECK_CACHE=off -e PAPERDECK_TEST_SLOW_LOAD=1500 -- "$bad"
head_shown
expect_exit 2
expect_screen "$bad:$bad_line:15: error: expected an integer 1900..2100 for \"year\", found \"nineteen\""
expect_screen "paperdeck: 1 error, 0 warnings"

# 6. a section past the head: the browser waits for the whole list
start -e PAPERDECK_CACHE=off -e PAPERDECK_TEST_SLOW_LOAD=1500 -- -c Training "$list"
expect_count "$(count_of -c Training)" "$(count_of -c Training)"
expect_contains "$(screen | head -1)" "/ Training"

# 7. with the cache the first start saved, the whole list is in at once
start -- "$list"
expect_count $N $N

# 8. the list changes on disk while it loads: once the whole list is in, the
# change is loaded (a reload while loading would only be refused)
edited=$scratch/edited.yaml
cp "$list" "$edited"
start -e PAPERDECK_CACHE=off -e PAPERDECK_TEST_SLOW_LOAD=1500 -- "$edited"
head_shown
printf '  - name: Added\n    entries:\n      - title: "Added while loading"\n' >>"$edited"
expect_screen "reloaded: $((N + 1)) entries"
expect_count $((N + 1)) $((N + 1))

finish
