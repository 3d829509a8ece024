#!/usr/bin/env bash
# paperdeck fetch against the fixture server's arXiv API
# (tests/net/fixture_server.py, /arxiv/MODE/query): records stored and shown
# (list -f json, abs:, subject:, author:, BibTeX), batches of 100 paced 3 s
# apart, 429 waited out, failures one line each with a non-zero exit, and a
# failed fetch (malformed answer, server gone, unreadable store) leaving the
# store as it was.
. "$(dirname "$0")/lib.sh"
. "$SOURCE_DIR/tests/net/lib.sh"
pd=$PAPERDECK
root=$scratch/www
mkdir -p "$root/arxiv"
cp "$SOURCE_DIR"/tests/fixtures/arxiv/*.xml "$root/arxiv/"
fixture_start "$root"
store=$XDG_CACHE_HOME/paperdeck/arxiv-records

# 104 generated entries: with the two above and two bad ids, 108 ids, two
# batches.
gen() { # gen N: an entry for 2301.0NNNN
    local id
    id=$(printf '2301.%05d' "$1")
    cat >"$root/arxiv/$id.xml" <<EOF
  <entry>
    <id>http://arxiv.org/abs/${id}v1</id>
    <updated>2023-01-0${2}T00:00:00Z</updated>
    <published>2023-01-0${2}T00:00:00Z</published>
    <title>Generated paper $1</title>
    <summary>Abstract number $1 about sparse things.</summary>
    <author><name>Gen Author$1</name></author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="math.CO"/>
    <category term="math.CO"/>
  </entry>
EOF
}
{
    echo "title: Small"
    echo "sections:"
    echo "  - name: Papers"
    echo "    entries:"
    echo "      - title: Transformers are RNNs"
    echo "        venue: ICML 2020"
    echo "        arxiv: 2006.16236"
    echo "      - title: Nystromformer"
    echo "        arxiv: 2102.03902v2"
    echo "      - title: No arXiv at all"
    echo "        url: https://example.com/"
} >"$scratch/small.yaml"
{
    echo "title: Big"
    echo "sections:"
    echo "  - name: Many"
    echo "    entries:"
    for i in $(seq 1 104); do
        gen "$i" $((i % 9 + 1))
        printf '      - title: Paper %d\n        arxiv: 2301.%05d\n' "$i" "$i"
    done
    echo "      - title: Refused"
    echo "        arxiv: 2301.99999"
    echo "      - title: Unknown"
    echo "        arxiv: 2301.99998"
} >"$scratch/big.yaml"
echo "incorrect id format for 2301.99999" >"$root/arxiv/2301.99999.error"
requests() { grep -c '"/arxiv/' "$FIXTURE_LOG" 2>/dev/null || echo 0; }
# the gaps, in seconds, between the arXiv requests logged after the first $1
gaps() {
    python3 -c '
import json, sys
ts = [json.loads(l)["t"] for l in open(sys.argv[1]) if "\"/arxiv/" in l][int(sys.argv[2]):]
print(" ".join("%.2f" % (b - a) for a, b in zip(ts, ts[1:])))' "$FIXTURE_LOG" "$1"
}
at_least() { # at_least GAPS MIN: every gap >= MIN
    python3 -c 'import sys; g=[float(x) for x in sys.argv[1].split()]; sys.exit(0 if g and min(g) >= float(sys.argv[2]) else 1)' "$1" "$2" \
        && pass || fail "gaps [$1] not all >= $2"
}

export PAPERDECK_ARXIV_URL=$FIXTURE_URL/arxiv/ok/query

# Nothing is fetched without being asked: list and check make no request.
run "$pd" list -f json "$scratch/small.yaml"
expect_status 0
expect_not_contains "$out" '"abstract"'
expect_eq "$(requests)" 0
[ ! -e "$store" ] && pass || fail "list made a store"

# The small list: both records, in one request naming both ids.
run "$pd" fetch "$scratch/small.yaml"
expect_status 0
expect_eq "$err" ""
expect_contains "$out" "2 to fetch, 0 failed; 2 records in $store"
expect_eq "$(requests)" 1
expect_contains "$(cat "$FIXTURE_LOG")" '"/arxiv/ok/query?id_list=2006.16236,2102.03902&max_results=2"'
expect_contains "$(cat "$FIXTURE_LOG")" '"User-Agent": "paperdeck/'
expect_eq "$(head -1 "$store")" "paperdeck-arxiv-records 1"

run "$pd" list -f json "$scratch/small.yaml"
expect_status 0
expect_contains "$out" '"abstract": "Transformers achieve remarkable performance in several tasks but due to their quadratic complexity'
expect_contains "$out" '"authors": ["Angelos Katharopoulos", "Apoorv Vyas", "Nikolaos Pappas", "François Fleuret"]'
expect_contains "$out" '"categories": ["cs.CL", "cs.LG"]'
expect_contains "$out" '"arxiv_title": "Nyströmformer: A Nyström-Based Algorithm for Approximating Self-Attention"'
expect_contains "$out" '"doi": "10.5555/3524938.3525416"'
# the list's own title stays
expect_contains "$out" '"title": "Nystromformer"'
expect_eq "$(grep -c '"abstract"' <<<"$out")" 2

# abs:, subject: and author: over the records
# titles QUERY: the titles list -q QUERY prints for the small list
titles() { "$pd" list -f tsv -q "$1" "$scratch/small.yaml" | tail -n +2 | cut -f1; }
expect_eq "$(titles 'abs:quadratic')" "Transformers are RNNs"
expect_eq "$(titles 'abs:/Nystr.m method/')" "Nystromformer"
expect_eq "$(titles '!abs:quadratic')" "$(printf 'Nystromformer\nNo arXiv at all')"
expect_eq "$(titles 'subject:stat.ML')" "Transformers are RNNs"
expect_eq "$(titles 'author:fleuret')" "Transformers are RNNs"
run "$pd" list -f tsv -q 'abs:nothing-like-this' "$scratch/small.yaml"
expect_status 1
run "$pd" list -f tsv -q 'abs:x cat:/[/' "$scratch/small.yaml"
expect_status 2
run "$pd" list -f tsv -q 'subjet:cs' "$scratch/small.yaml"
expect_status 2
expect_contains "$err" 'did you mean "subject"?'

# BibTeX: the fetched authors, primaryClass, doi
run "$pd" list -f bibtex -q 'arxiv:2006' "$scratch/small.yaml"
expect_contains "$out" "@inproceedings{katharopoulos2020transformers,"
expect_contains "$out" "author = {Angelos Katharopoulos and Apoorv Vyas and Nikolaos Pappas and François Fleuret},"
expect_contains "$out" "primaryClass = {cs.LG},"
expect_contains "$out" "doi = {10.5555/3524938.3525416},"

# Fresh records are not fetched again.
run "$pd" fetch "$scratch/small.yaml"
expect_status 0
expect_contains "$out" "0 to fetch, 0 failed; 2 records"
expect_eq "$(requests)" 1

# A record older than 30 days is fetched again (the others not); a 503
# with Retry-After is waited out like a 429.
old=$(($(date +%s) - 31 * 86400))
fetched_of() { awk -F'\t' -v id="$1" '$1 == id { print $3 }' "$store"; }
awk -F'\t' -v OFS='\t' -v t="$old" '$1 == "2006.16236" { $3 = t } 1' "$store" >"$scratch/aged"
cp "$scratch/aged" "$store"
before=$(requests)
PAPERDECK_ARXIV_URL=$FIXTURE_URL/arxiv/unavailable-1-1/query run "$pd" fetch "$scratch/small.yaml"
expect_status 0
expect_contains "$out" "1 to fetch, 0 failed; 2 records"
expect_eq "$(requests)" $((before + 2))
expect_contains "$(tail -1 "$FIXTURE_LOG")" "id_list=2006.16236&max_results=1"
at_least "$(gaps "$before")" 3
[ "$(fetched_of 2006.16236)" -gt "$old" ] && pass || fail "the old record was not renewed"

# A malformed answer: one line, exit 1, the store untouched.
cp "$store" "$scratch/store.before"
PAPERDECK_ARXIV_URL=$FIXTURE_URL/arxiv/malformed/query run "$pd" fetch -c Many "$scratch/big.yaml"
expect_status 1
expect_contains "$err" "paperdeck: fetch: arXiv request for 100 ids (2301.00001 ... 2301.00100): arXiv answer: malformed XML at line"
expect_contains "$err" "paperdeck: fetch: arXiv request for 6 ids (2301.00101 ... 2301.99998): arXiv answer: malformed XML"
expect_lines "$err" 2
cmp -s "$store" "$scratch/store.before" && pass || fail "a malformed answer changed the store"

# Rate limited with a wait beyond reason: the batch fails at once.
PAPERDECK_ARXIV_URL=$FIXTURE_URL/arxiv/limited-5-999/query run "$pd" fetch -q 'arxiv:2301.00001' "$scratch/big.yaml"
expect_status 1
expect_contains "$err" "2301.00001: "
expect_contains "$err" "429"
cmp -s "$store" "$scratch/store.before" && pass || fail "a refused fetch changed the store"

# 429 with Retry-After: 4, then the answer: waited out, stored.
before=$(requests)
PAPERDECK_ARXIV_URL=$FIXTURE_URL/arxiv/limited-1-4/query run "$pd" fetch -q 'arxiv:2301.00001' "$scratch/big.yaml"
expect_status 0
expect_eq "$(requests)" $((before + 2))
at_least "$(gaps "$before")" 4

# Two paperdecks at once are paced together (the lock file next to the
# store): their requests are 3 s apart too.
for k in 1 2; do
    sed "s/2301\.00001/2302.0000$k/g" "$root/arxiv/2301.00001.xml" >"$root/arxiv/2302.0000$k.xml"
    printf 'title: P\nsections:\n  - name: S\n    entries:\n      - title: Q\n        arxiv: 2302.0000%d\n' \
        "$k" >"$scratch/p$k.yaml"
done
before=$(requests)
"$pd" fetch "$scratch/p1.yaml" >"$scratch/p1.out" 2>&1 &
p1=$!
"$pd" fetch "$scratch/p2.yaml" >"$scratch/p2.out" 2>&1 && pass || fail "second fetch: $(cat "$scratch/p2.out")"
wait "$p1" && pass || fail "first fetch: $(cat "$scratch/p1.out")"
expect_eq "$(requests)" $((before + 2))
at_least "$(gaps "$before")" 3
[ -e "$store.pace" ] && pass || fail "no pacing lock file"

# The big list: 106 ids to fetch (2301.00001 is fresh), two requests 3 s apart,
# one line for each id arXiv did not give.
before=$(requests)
run "$pd" fetch "$scratch/big.yaml"
expect_status 1
expect_eq "$(requests)" $((before + 2))
at_least "$(gaps "$before")" 3
expect_contains "$(tail -2 "$FIXTURE_LOG" | head -1)" "&max_results=100"
expect_contains "$err" "paperdeck: fetch: 2301.99999: incorrect id format for 2301.99999"
expect_contains "$err" "paperdeck: fetch: 2301.99998: arXiv has no record of it"
expect_lines "$err" 2
expect_contains "$out" "105 to fetch, 2 failed; 108 records"
run "$pd" list -f tsv -q 'subject:math abs:sparse' "$scratch/big.yaml"
expect_lines "$out" 105

# On a terminal: a progress bar on stderr, done/total and the time left
# (each batch at least the 3 s pace), redrawn in place; failures on lines
# of their own.
printf -v cmd '%q ' env XDG_CACHE_HOME="$scratch/tty" timeout 60 "$pd" fetch "$scratch/big.yaml"
run script -qec "$cmd" /dev/null </dev/null
expect_contains "$out" $'\r[..............................] 0/106  ETA 0:06 '
expect_contains "$out" $'\r[############################..] 100/106  ETA 0:03 '
expect_contains "$out" $'\r[##############################] 106/106  ETA 0:00 \r\n'
expect_contains "$out" $'\r\e[Kpaperdeck: fetch: 2301.99998: arXiv has no record of it'
expect_contains "$out" "106 to fetch, 2 failed; 104 records"

# Killed (SIGKILL) between its two batches: the first batch is in the store,
# whole, and the next fetch asks only for the rest.
killed=$scratch/killed/paperdeck/arxiv-records
XDG_CACHE_HOME=$scratch/killed "$pd" fetch "$scratch/big.yaml" >/dev/null 2>&1 &
victim=$!
for _ in $(seq 200); do
    grep -qx 'end 100' "$killed" 2>/dev/null && break
    sleep 0.05
done
kill -KILL "$victim"
wait "$victim" 2>/dev/null || true
expect_eq "$(tail -1 "$killed")" "end 100"
XDG_CACHE_HOME=$scratch/killed run "$pd" list -f json "$scratch/big.yaml"
expect_status 0
expect_eq "$(grep -c '"abstract"' <<<"$out")" 100
before=$(requests)
XDG_CACHE_HOME=$scratch/killed run "$pd" fetch "$scratch/big.yaml"
expect_contains "$out" "6 to fetch, 2 failed; 104 records"
expect_eq "$(requests)" $((before + 1))

# Offline: a clear line per batch, exit 1, the store intact.
cp "$store" "$scratch/store.before"
rm "$root/arxiv/2301.00001.xml"
fixture_stop
run "$pd" fetch "$scratch/big.yaml"
expect_status 1
expect_contains "$err" "paperdeck: fetch: arXiv request for 2 ids (2301.99999 ... 2301.99998): "
expect_lines "$err" 1
cmp -s "$store" "$scratch/store.before" && pass || fail "an offline fetch changed the store"

# A store that cannot be read is never overwritten; list still works.
printf 'garbage\n' >"$store"
run "$pd" fetch "$scratch/small.yaml"
expect_status 2
expect_contains "$err" "paperdeck: fetch: $store:1: not a paperdeck arXiv record file"
expect_eq "$(cat "$store")" "garbage"
run "$pd" list -f tsv "$scratch/small.yaml"
expect_status 0
expect_contains "$err" "$store:1: not a paperdeck arXiv record file"

# A fresh XDG_CACHE_HOME starts from nothing.
XDG_CACHE_HOME=$scratch/fresh run "$pd" list -f json "$scratch/small.yaml"
expect_not_contains "$out" '"abstract"'

finish
