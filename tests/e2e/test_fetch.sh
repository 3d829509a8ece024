#!/usr/bin/env bash
# The browser's fetch keys against the fixture server's arXiv API: F fetches
# the records of the entries in view in the background while the filter
# keeps answering keys, the detail view then shows the abstract (and arXiv's
# title beside the list's), abs: filters on it, and f with the server gone
# says why on the bottom line and leaves the store as it was.
. "$(dirname "$0")/lib.sh"
. "$SOURCE_DIR/tests/net/lib.sh"
root=$scratch/www
mkdir -p "$root/arxiv"
cp "$SOURCE_DIR"/tests/fixtures/arxiv/*.xml "$root/arxiv/"
fixture_start "$root"
store=$XDG_CACHE_HOME/paperdeck/arxiv-records
cat >"$scratch/small.yaml" <<'YAML'
title: Small
sections:
  - name: Papers
    entries:
      - title: Transformers are RNNs
        venue: ICML 2020
        arxiv: 2006.16236
      - title: Nystromformer
        arxiv: 2102.03902v2
      - title: No arXiv at all
        url: https://example.com/
YAML

start -e PAPERDECK_ARXIV_URL="$FIXTURE_URL/arxiv/slow-3/query" -- "$scratch/small.yaml"
expect_count 3 3
expect_screen "Venue    ICML 2020"
expect_not_contains "$(screen)" "Abstract"
[ ! -e "$FIXTURE_LOG" ] && pass || fail "the browser fetched without being asked"

# F: both records in one request; the answer takes 3 s, and meanwhile the
# filter answers keys.
keys F
expect_screen "fetching 2 arXiv records in the background"
keys / nystr
expect_count 1 3
[ ! -e "$store" ] && pass || fail "the fetch ended before the filter answered: not a test of it"
keys Enter
expect_screen "fetched 2 arXiv records"
expect_screen "arXiv: Nyströmformer: A Nyström-Based Algorithm for Approximating Self-Attention"
expect_screen "Subjects cs.CL, cs.LG"
keys Enter # full screen: the abstract, wrapped
expect_screen "Abstract Transformers have emerged as a powerful tool."
expect_screen "Authors  Yunyang Xiong, Zhanpeng Zeng, Vikas Singh"
keys Escape
# the full screen closed before the next keys: an ESC still unread when
# they come is read with the next byte as Alt+that key (CI, under ASan)
expect_no_screen "Esc back  J/K entry"
expect_eq "$(grep -c '"/arxiv/' "$FIXTURE_LOG")" 1

# abs: in the browser
keys '\\' / 'abs:quadratic' Enter
expect_count 1 3
expect_screen "▶Transformers are RNNs"

# Offline: f says why, the store stays.
cp "$store" "$scratch/store.before"
fixture_stop
keys f
expect_screen "arXiv: 1 of 1 not fetched: 2006.16236: "
cmp -s "$store" "$scratch/store.before" && pass || fail "an offline fetch changed the store"
keys q
expect_exit 0

# Small terminals: the detail of a fetched entry still fits.
start -w 80 -h 24 -- "$scratch/small.yaml"
expect_count 3 3
keys Enter
expect_screen "Abstract Transformers achieve remarkable performance"
keys q q
expect_exit 0
# and at 50x12 the abstract, wrapped, is scrolled to its end
start -w 50 -h 12 -- "$scratch/small.yaml"
expect_count 3 3
keys Enter
expect_screen "1-8/37 ▼"
expect_not_contains "$(screen)" "Abstract"
for _ in $(seq 29); do keys j; done
expect_screen "30-37/37"
expect_screen "          property of matrix products."
expect_not_contains "$(screen)" "Abstract Transformers"
keys q q
expect_exit 0

finish
