#!/usr/bin/env bash
# A long list changed while it is still loading (rewritten broken, cut
# short, deleted) is treated as a failed reload: the browser keeps the head
# it shows, says why on the bottom line, and loads the list again on the
# next change; q then quits with status 0 and nothing printed. (It used to
# end the browser with status 2.) An error the list had from the start
# still ends it (test_streaming.sh).
. "$(dirname "$0")/lib.sh"
TIMEOUT=${E2E_TIMEOUT:-60} # the whole list under ASan takes seconds

N=8000
good=$scratch/good.yaml
big_list $N "$good" || { fail "cannot write a list of $N entries"; finish; exit; }
list=$scratch/list.yaml
head_shown() { wait_for "  2000/2000  sort:"; }

for change in ${LOAD_CHANGES:-broken cut deleted}; do
    cp "$good" "$list"
    start -e PAPERDECK_CACHE=off -e PAPERDECK_TEST_SLOW_LOAD=1500 -- "$list"
    head_shown && pass || fail "$change: the head never showed: $(screen | head -1)"
    case $change in
    broken) printf 'paperdeck: 1\nsections:\n  - name: [broken\n' >"$list" ;;
    cut) truncate -s $(($(stat -c %s "$list") / 2)) "$list" ;;
    deleted) rm "$list" ;;
    esac
    # said at the end of the load, and again by the retry the change asked
    # for, if that one fails too
    expect_screen "failed, showing the "
    expect_contains "$(screen | tail -1)" "list.yaml"
    expect_contains "$(screen | head -1)" "  2000/2000  sort:"
    # the next change loads it again
    cp "$good" "$list.tmp" && mv "$list.tmp" "$list"
    expect_count $N $N
    keys q
    expect_exit 0
    expect_not_contains "$(screen)" "error"
done

finish
