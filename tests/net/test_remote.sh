#!/usr/bin/env bash
# Remote lists on the command line, against the fixture server: gh: names
# and URLs for list, check and import, the cache and its revalidation
# (If-None-Match), refusals and HTTP errors, follow / update / unfollow and
# is:new, and everything again offline: the copies are used, nothing lost.
. "$SOURCE_DIR/tests/cli/lib.sh"
. "$SOURCE_DIR/tests/net/lib.sh"
pd=$PAPERDECK
. "$SOURCE_DIR/tests/net/remote_lib.sh"
copies=$XDG_CACHE_HOME/paperdeck/remote

# No remote name: nothing goes over the network.
run "$pd" list -f tsv
expect_status 0
expect_eq "$(requests)" "0"

# gh:OWNER/REPO: the README of HEAD, fetched and kept with its ETag.
run "$pd" list -f tsv gh:alice/papers
expect_status 0
expect_contains "$out" "Linear Attention Is Enough"
expect_contains "$out" "Sparse Things"
expect_contains "$(tail -1 "$FIXTURE_LOG")" '"path": "/alice/papers/HEAD/README.md"'
expect_contains "$(cat "$copies"/*.meta)" 'etag "'
expect_contains "$(cat "$copies"/*.meta)" "url $FIXTURE_URL/alice/papers/HEAD/README.md"
# again: revalidated with If-None-Match (304), the same list
run "$pd" list -f tsv gh:alice/papers
expect_status 0
expect_contains "$out" "Sparse Things"
expect_contains "$(tail -1 "$FIXTURE_LOG")" '"If-None-Match": "\"'
expect_eq "$(requests)" "2"

# PATH and REF; check takes the same names
run "$pd" check gh:alice/papers/lists/extra.yaml@v1
expect_status 0
expect_eq "$out" "gh:alice/papers/lists/extra.yaml@v1: ok"
expect_contains "$(tail -1 "$FIXTURE_LOG")" '"path": "/alice/papers/v1/lists/extra.yaml"'
# a remote list line of the settings: fetched when it has no copy yet
mkdir -p "$XDG_CONFIG_HOME/paperdeck"
echo "list = $FIXTURE_URL/direct/list.yaml" >"$XDG_CONFIG_HOME/paperdeck/config"
run "$pd" list -f tsv
expect_status 0
expect_contains "$out" "A YAML Paper"
expect_contains "$(tail -1 "$FIXTURE_LOG")" '"path": "/direct/list.yaml"'
before=$(requests)
run "$pd" list -f tsv
expect_eq "$(requests)" "$before" # not named: the copy, no request
rm "$XDG_CONFIG_HOME/paperdeck/config"
# a URL; import takes it too
run "$pd" import "$FIXTURE_URL/direct/list.md"
expect_status 0
expect_contains "$out" "title: Linear Attention Is Enough"

# refused before any connection; HTTP errors; malformed names
before=$(requests)
run "$pd" list http://example.com/list.md
expect_status 2
expect_contains "$err" "http://example.com/list.md: plain http is refused"
run "$pd" list ftp://example.com/list.md gh:alice
expect_status 2
run "$pd" check gh:alice
expect_status 2
expect_contains "$err" "gh:alice: expected gh:OWNER/REPO[/PATH][@REF]"
expect_eq "$(requests)" "$before"
run "$pd" list gh:alice/missing
expect_status 2
expect_contains "$err" "gh:alice/missing: not found (HTTP 404)"
expect_contains "$err" "($FIXTURE_URL/alice/missing/HEAD/README.md)"
run "$pd" check "$FIXTURE_URL/fault/status/500"
expect_status 2
expect_contains "$err" "HTTP 500"

# A new version that is not a list: refused, the copy kept and used.
copy=$(grep -l "direct/list.md" "$copies"/*.meta)
copy=${copy%.meta}.list
cp "$copy" "$scratch/copy.before"
printf '<html><body>Service unavailable</body></html>\n' >"$srv/direct/list.md"
run "$pd" list -f tsv "$FIXTURE_URL/direct/list.md"
expect_status 0
expect_contains "$err" "fetched, but it is not a list: $FIXTURE_URL/direct/list.md: error: no entry in it"
expect_contains "$err" "using the copy fetched"
expect_contains "$out" "Sparse Things"
cmp -s "$copy" "$scratch/copy.before" && pass || fail "the copy changed"
cp "$readme" "$srv/direct/list.md"
# The same URL failing every way: each a one-line reason, the copy kept
# and used (list), or the list left as it was (update, exit 2).
url=$FIXTURE_URL/direct/list.md
for fault in "truncated|the connection closed before the whole response arrived" \
    "big/65|response larger than the 67108864-byte cap" \
    "status/500|HTTP 500" \
    "retry/503/1|service unavailable (HTTP 503), retry after 1 s" \
    "retry/429/1|rate limited (HTTP 429), retry after 1 s"; do
    echo "${fault%%|*}" >"$srv/direct/list.md.fault"
    run "$pd" list -f tsv "$url"
    expect_status 0
    expect_contains "$err" "paperdeck: $url: ${fault#*|}"
    expect_contains "$err" "using the copy fetched"
    expect_contains "$out" "Sparse Things"
    run "$pd" update "$url"
    expect_status 2
    expect_contains "$err" "[1/1] failed: $url: ${fault#*|}"
    cmp -s "$copy" "$scratch/copy.before" && pass || fail "the copy changed (${fault%%|*})"
done
# the wait asked for was waited once, then the list fetched again
expect_contains "$err" "the server asks to wait 1 s"
expect_eq "$(grep -c '"/direct/list.md"' <<<"$(tail -2 "$FIXTURE_LOG")")" 2
rm "$srv/direct/list.md.fault"

# follow, update, is:new
printf '# my settings\nsort = year:desc\n' >"$scratch/config.keep"
mkdir -p "$XDG_CONFIG_HOME/paperdeck"
cp "$scratch/config.keep" "$XDG_CONFIG_HOME/paperdeck/config"
run "$pd" follow gh:alice/papers
expect_status 0
expect_eq "$out" "following gh:alice/papers (2 entries)"
run "$pd" follow gh:alice/papers
expect_eq "$out" "already following gh:alice/papers (2 entries)"
expect_eq "$(cat "$XDG_CONFIG_HOME/paperdeck/config")" "$(cat "$scratch/config.keep")
follow = gh:alice/papers"
run "$pd" follow http://example.com/x.md
expect_status 2
expect_contains "$err" "plain http is refused"
run "$pd" follow
expect_contains "$out" "followed: gh:alice/papers (fetched "
run "$pd" list --list-files
expect_contains "$out" "followed: gh:alice/papers (fetched "
echo '| [Pruning Anew](https://arxiv.org/abs/2301.00001) | ICLR 2023 |' >>"$readme"
run "$pd" update
expect_status 0
expect_contains "$err" "[1/1] gh:alice/papers: 3 entries, 1 new"
expect_contains "$err" "updated 1 of 1 list: 1 new entry"
# with no FILE, the followed list; is:new finds what appeared
run "$pd" list -f tsv -q is:new
expect_status 0
expect_lines "$out" 2
expect_contains "$out" "Pruning Anew"
run "$pd" list -f json gh:alice/papers
expect_contains "$out" '{"title": "Pruning Anew", '
expect_eq "$(grep -c '"new": true}' <<<"$out")" 1
expect_contains "$(grep 'Pruning Anew' <<<"$out")" '"new": true}'
run "$pd" update
expect_contains "$err" "[1/1] gh:alice/papers: unchanged (3 entries)"
run "$pd" list -f tsv -q is:new
expect_contains "$out" "Pruning Anew"
# a server asking to wait: update waits as told, once, then fetches
run "$pd" update "$FIXTURE_URL/fault/flaky/1/direct/list.md"
expect_status 0
expect_contains "$err" "the server asks to wait 1 s"
expect_contains "$err" "[1/1] $FIXTURE_URL/fault/flaky/1/direct/list.md: 2 entries, 0 new"

# No arXiv request by update unless the settings say fetch-on-update = yes;
# then the records of the lists it updated, one line per failure, exit 1.
expect_eq "$(grep -c '"/arxiv/' "$FIXTURE_LOG")" 0
mkdir -p "$srv/arxiv"
cp "$SOURCE_DIR"/tests/fixtures/arxiv/*.xml "$srv/arxiv/"
echo "fetch-on-update = yes" >>"$XDG_CONFIG_HOME/paperdeck/config"
PAPERDECK_ARXIV_URL=$FIXTURE_URL/arxiv/ok/query run "$pd" update
expect_status 1
expect_contains "$err" "[1/1] gh:alice/papers: unchanged (3 entries)"
expect_contains "$err" "paperdeck: fetch: 2301.00001: arXiv has no record of it"
expect_eq "$out" "3 to fetch, 1 failed; 2 records in $XDG_CACHE_HOME/paperdeck/arxiv-records"
expect_contains "$(tail -1 "$FIXTURE_LOG")" "/arxiv/ok/query?id_list=2006.16236,2102.03902,2301.00001&max_results=3"
run "$pd" list -f json -q abs:quadratic
expect_contains "$out" '"title": "Linear Attention Is Enough"'
# a bad value: said with its line, the rest of the settings apply
sed -i 's/^fetch-on-update = yes$/fetch-on-update = often/' "$XDG_CONFIG_HOME/paperdeck/config"
run "$pd" update
expect_status 0
expect_contains "$err" "paperdeck/config:4: error: fetch-on-update takes yes or no, not 'often'"
expect_not_contains "$err" "fetching"
cp "$scratch/config.keep" "$XDG_CONFIG_HOME/paperdeck/config"
echo "follow = gh:alice/papers" >>"$XDG_CONFIG_HOME/paperdeck/config"

# Offline: the copies are used, their age said; update fails, loses nothing.
fixture_stop
cp "$XDG_STATE_HOME/paperdeck/marks" "$scratch/marks.before"
run "$pd" list -f tsv gh:alice/papers
expect_status 0
expect_contains "$err" "gh:alice/papers: cannot connect"
expect_contains "$err" "using the copy fetched "
expect_contains "$out" "Pruning Anew"
run "$pd" update
expect_status 2
expect_contains "$err" "[1/1] failed: gh:alice/papers: cannot connect"
expect_contains "$err" "updated 0 of 1 list"
run "$pd" list -f tsv -q is:new
expect_status 0
expect_contains "$out" "Pruning Anew"
cmp -s "$XDG_STATE_HOME/paperdeck/marks" "$scratch/marks.before" && pass || fail "marks changed"
run "$pd" list gh:alice/never-fetched
expect_status 2
expect_contains "$err" "gh:alice/never-fetched: cannot connect"

# unfollow: the line goes, every other stays
run "$pd" unfollow gh:alice/papers
expect_status 0
expect_eq "$out" "unfollowed gh:alice/papers"
expect_eq "$(cat "$XDG_CONFIG_HOME/paperdeck/config")" "$(cat "$scratch/config.keep")"
run "$pd" unfollow gh:alice/papers
expect_status 2
expect_contains "$err" "not following gh:alice/papers"
run "$pd" update
expect_status 2
expect_contains "$err" "no list followed"
finish
