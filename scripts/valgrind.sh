#!/usr/bin/env bash
# valgrind.sh [BUILD_DIR]: the whole test suite under valgrind memcheck.
#   - every unit test binary runs under valgrind;
#   - the command-line and end-to-end scripts run with PAPERDECK set to a
#     wrapper that starts the real binary under valgrind, so every paperdeck
#     they start (list, check, import, the curses UI in tmux) is checked.
# Fails on any memcheck error (invalid read or write, use of uninitialised
# memory, bad free) and on any definite or indirect leak, and when a unit or
# command-line test fails. Memory still reachable at exit (ncurses keeps its
# terminal data) is not a leak.
#
# The end-to-end tests are here for the memory checks of the UI: their own
# assertions read the screen as soon as the text they wait for shows, which
# under valgrind's slowdown is often before the rest is drawn, so a failed
# assertion is reported as a note, not a failure (the plain and ASan runs
# judge those). A crash or a memory error still fails: it is in the logs.
# BUILD_DIR (default: build) must hold a build without sanitizers; it is
# configured and built when missing.
#
# Environment: VALGRIND_JOBS (scripts at the same time, default 2),
# VALGRIND_TESTS (a regex of test names, e.g. 'unit|cli', default all),
# VALGRIND_SKIP (a regex of test names left out, default none).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$root/build}")
jobs=${VALGRIND_JOBS:-2}
only=${VALGRIND_TESTS:-.}
skip=${VALGRIND_SKIP:-^$}

say() { printf '==> %s\n' "$*" >&2; }

command -v valgrind >/dev/null 2>&1 || {
    say "valgrind.sh needs valgrind (Debian: apt-get install valgrind)"
    exit 2
}
if grep -q 'PAPERDECK_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
    say "$build is a sanitizer build: valgrind needs a plain one"
    exit 2
fi
cmake -S "$root" -B "$build" -DPAPERDECK_WERROR=ON >/dev/null
cmake --build "$build" -j 2 >/dev/null

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# Memory errors make the process exit 99. Leaks are found in the logs
# instead: a child a test forks and ends with _exit still holds its parent's
# memory, which is no leak of paperdeck's, so forked children stay silent
# (--child-silent-after-fork) and leaks do not change exit statuses.
vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=none
    --track-origins=yes --num-callers=30 --child-silent-after-fork=yes
    --suppressions="$root/scripts/valgrind.supp")

# The wrapper the scripts call as paperdeck: valgrind in the same process
# (exec), so the e2e tests' signals and pid files still reach paperdeck. One
# log per process; the exit status is paperdeck's, or 99 on an error.
wrapper=$logs/paperdeck
{
    printf '#!/bin/sh\n'
    printf 'exec'
    printf ' %q' "${vg[@]}" --log-file="$logs/vg.%p.log" "$build/paperdeck"
    printf ' "$@"\n'
} >"$wrapper"
chmod +x "$wrapper"

failed=()
# run_one NAME CMD...: runs a test, its output to $logs/NAME.out.
run_one() {
    local name=$1
    shift
    if "$@" >"$logs/${name//\//_}.out" 2>&1; then
        say "$name: ok"
    elif [[ $name == e2e/* ]]; then
        say "$name: note: $(grep -c '^FAILED' "$logs/${name//\//_}.out") screen assertions" \
            "missed under valgrind (memory is judged by the logs below):"
        grep '^FAILED' "$logs/${name//\//_}.out" | cut -c1-160 >&2
    else
        say "$name: FAILED"
        tail -30 "$logs/${name//\//_}.out" >&2
        : >"$logs/${name//\//_}.failed"
    fi
}

say "unit tests under valgrind"
for t in "$build"/test_*; do
    [ -x "$t" ] || continue
    name=unit/$(basename "$t")
    [[ $name =~ $only ]] || continue
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    ( cd "$build" && run_one "$name" "${vg[@]}" --log-file="$logs/vg-$(basename "$t").%p.log" "$t" ) &
done
wait

say "command-line and end-to-end tests with paperdeck under valgrind"
for script in "$root"/tests/cli/test_*.sh "$root"/tests/e2e/test_*.sh; do
    name=$(basename "$(dirname "$script")")/$(basename "$script" .sh)
    [[ $name =~ $only ]] || continue
    if [[ $name =~ $skip ]]; then
        say "$name: left out (VALGRIND_SKIP)"
        continue
    fi
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    PAPERDECK=$wrapper SOURCE_DIR=$root BUILD_DIR=$build E2E_TIMEOUT=40 PAPERDECK_UNDER_VALGRIND=1 \
        run_one "$name" bash "$script" &
done
wait
for f in "$logs"/*.failed; do
    [ -e "$f" ] && failed+=("$(basename "$f" .failed)")
done

# Every valgrind log must be clean, whatever the tests said.
bad=0
nlogs=0
for log in "$logs"/vg*.log; do
    [ -e "$log" ] || continue
    nlogs=$((nlogs + 1))
    if grep -qE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|indirectly lost: [1-9]' "$log"; then
        bad=$((bad + 1))
        say "memcheck errors in $(basename "$log"):"
        grep -v '^==[0-9]*== *$' "$log" | head -60 >&2
    fi
done
say "$nlogs processes checked by valgrind, $bad with errors"
if [ ${#failed[@]} -gt 0 ] || [ "$bad" -gt 0 ]; then
    say "valgrind run FAILED: ${failed[*]:-} ($bad logs with errors)"
    exit 1
fi
