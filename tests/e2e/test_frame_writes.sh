#!/usr/bin/env bash
# Each frame reaches the terminal in a few write()s (issue 15). ncurses 6.4
# writes its buffer out after every cursor move until the screen has been
# through endwin() once, 60-120 write()s for a frame of the table: a
# terminal can show it half drawn, and every key pays the system calls.
# term_start makes that pass before the first frame. Counted with strace:
# the writes to standard output between two reads (a key read, or the
# loop's look at its other descriptors) are one frame's.
. "$(dirname "$0")/lib.sh"

if ! strace -f -qq -o /dev/null true 2>/dev/null; then
    # scripts/dev.sh installs strace; a sandbox may forbid ptrace
    echo "SKIP: strace cannot trace here" >&2
    finish
    exit
fi

real=$PAPERDECK
trace=$scratch/trace
# LeakSanitizer cannot run under ptrace (the ASan build's leaks are checked
# by every other test)
printf '#!/bin/sh\nASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" exec strace -f -qq -e trace=read,write -e signal=none -o "%s" "%s" "$@"\n' \
    "$trace" "$real" >"$scratch/traced"
chmod +x "$scratch/traced"

PAPERDECK=$scratch/traced start -- "$SOURCE_DIR/tests/e2e/fixtures/long.yaml"
wait_for "Categories"
settle
# typing, one key at a time: each redraws the table with its highlights
keys /
typed=
for c in q u a n t; do
    type_text "$c"
    typed+=$c
    wait_for "/$typed"
    settle
done
keys Escape
settle
for k in j j Down NPage; do
    keys "$k"
    settle
done
keys Enter # the full detail
settle
keys q # closes it
settle
keys q
expect_exit 0

# frames: runs of writes to fd 1 with no read between them
runs=$(awk '
    / write\(1, / { run++; next }
    / read\(/ { if (run) print run; run = 0 }
    END { if (run) print run }' "$trace")
frames=$(printf '%s\n' "$runs" | grep -c .)
most=$(printf '%s\n' "$runs" | sort -n | tail -1)
[ "$frames" -ge 10 ] && pass || fail "only $frames frames seen in the trace: the test typed nothing?"
[ "${most:-0}" -le 4 ] && pass || fail "a frame took $most write()s (at most 4 expected): $(printf '%s ' $runs)"
finish
