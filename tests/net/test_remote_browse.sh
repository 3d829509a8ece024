#!/usr/bin/env bash
# Remote lists in the browser, against the fixture server: a gh: name and
# a URL open (fetched the first time), the next start shows the copy at
# once and revalidates it in the background; R fetches again and a new
# version comes in with the filter and selection kept; followed lists are
# the top-level groups with no FILE, new entries are marked, counted and
# found by is:new until read; offline, the copies open with their age on
# the status line and a clear reason on the bottom line.
. "$SOURCE_DIR/tests/e2e/lib.sh"
. "$SOURCE_DIR/tests/net/lib.sh"
. "$SOURCE_DIR/tests/net/remote_lib.sh"

# First open: fetched, then shown.
start gh:alice/papers
expect_count 2 2
expect_screen "Awesome Papers"
expect_screen "Sparse Things"
keys q
expect_exit 0
expect_eq "$(requests)" "1"

# Next open: the copy at once, revalidated in the background (304).
start gh:alice/papers
expect_count 2 2
wait_for "gh:alice/papers: up to date" && pass || fail "no revalidation: $(screen | tail -1)"
expect_eq "$(requests)" "2"
expect_contains "$(tail -1 "$FIXTURE_LOG")" "If-None-Match"
# R: fetched again; the new version comes in, filter and selection kept
keys /
type_text "sparse"
keys Enter
expect_count 1 2
echo '| [Pruning Anew](https://arxiv.org/abs/2301.00001) | ICLR 2023 |' >>"$readme"
keys R
expect_count 1 3
expect_screen "▶Sparse Things"
expect_screen "query: sparse"
keys q
expect_exit 0

# A URL (YAML)
start "$FIXTURE_URL/direct/list.yaml"
expect_count 1 1
expect_screen "A YAML Paper"
keys q
expect_exit 0

# Followed lists: the top-level groups with no FILE; update marks the new.
"$PAPERDECK" follow gh:alice/papers "$FIXTURE_URL/direct/list.yaml" >/dev/null
echo '| [Quantized Novelty](https://arxiv.org/abs/2305.00005) | NeurIPS 2023 |' >>"$readme"
"$PAPERDECK" update 2>"$scratch/update.err"
expect_contains "$(cat "$scratch/update.err")" "[1/2] gh:alice/papers: 4 entries, 1 new"
before=$(requests)
start
expect_count 5 5
expect_screen "▾Awesome Papers"
expect_screen "▾Direct List"
expect_screen "+ Quantized Novelty"
# new since the copy before: what R brought in, and what update did
expect_screen "All         +2 5"
keys /
type_text "is:new"
keys Enter
expect_count 2 5
expect_screen "▶+ Pruning Anew"
# read: no longer new; the row stays until the filter is applied again
# (as under is:starred), then it goes
keys r
expect_screen "marked read: Pruning Anew"
expect_count 2 5
expect_screen "▶Pruning Anew" # no longer marked new
expect_no_screen "All         +2 2" # nor counted as new in the category pane
expect_screen "All         +1 2"
keys / Enter
expect_count 1 5
expect_screen "All         +1 1"
keys q
expect_exit 0
expect_eq "$(requests)" "$before" # followed lists open from the cache
before=$(grep -c 'README.md' "$FIXTURE_LOG")

# A new version found by the revalidation at start (the server answers
# 4 s late): the copy is there at once and takes keys meanwhile; the new
# version comes in with the filter, the sort and the selected entry kept.
echo '| [Quantized Follow-up](https://arxiv.org/abs/2306.00006) | ICML 2024 |' >>"$readme"
echo "slow/4" >"$readme.fault"
start gh:alice/papers
expect_count 4 4
keys / quant Enter
expect_count 1 4
keys s s # auto, order, title
sort_shown() { screen | head -1 | grep -o 'sort: .*'; }
wait_for "sort: title" && pass || fail "s did not sort by title: $(sort_shown)"
sorted=$(sort_shown)
expect_screen "▶+ Quantized Novelty"
expect_eq "$(grep -c 'README.md' "$FIXTURE_LOG")" "$((before + 1))" # the answer not in yet
expect_count 2 5
expect_screen " Quantized Follow-up"
expect_screen "▶+ Quantized Novelty"
expect_screen "query: quant"
expect_eq "$(sort_shown)" "$sorted"
keys q
expect_exit 0

# q while the revalidation hangs (the server answers 20 s late): the fetch
# is cancelled and paperdeck ends at once, not when the server answers.
echo "slow/20" >"$readme.fault"
start gh:alice/papers
expect_count 5 5
wait_for "fetching" || true
quit_at=$(date +%s%N)
keys q
expect_exit 0
expect_eq "$(( ($(date +%s%N) - quit_at) / 1000000000 < 4 ))" 1
rm "$readme.fault"

# Offline: the copy opens, its age on the status line, the reason below.
fixture_stop
start gh:alice/papers
expect_count 5 5
wait_for "cached copy, " && pass || fail "no age on the status line: $(screen | head -1)"
expect_screen "gh:alice/papers: cannot connect"
keys R
wait_for "cached copy, " && pass || fail "no age after R: $(screen | head -1)"
keys q
expect_exit 0
start -w 80 -h 24 gh:alice/papers
wait_for "cached copy, " && pass || fail "no age at 80x24: $(screen | head -1)"
keys q
expect_exit 0
# the followed lists with no FILE, and what is new among them
start
expect_count 6 6
expect_screen "+2 6"
keys / is:new Enter
expect_count 2 6
expect_screen "+ Quantized Novelty"
keys q
expect_exit 0
# never fetched: a clear error, no browser
start gh:alice/other
wait_exit
expect_eq "$rc" "2"
finish
