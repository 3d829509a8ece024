#!/usr/bin/env bash
# Every way out gives the terminal back: q, Ctrl-C, SIGINT, SIGTERM, SIGHUP
# (canonical mode, echo, visible cursor, main screen, mouse reporting off,
# exit status 0 or 128+signal). Without a usable terminal paperdeck says so
# and exits 2 before touching it.
. "$(dirname "$0")/lib.sh"

pane_flag() { t display-message -p -t 0 "#{$1}"; }
# expect_terminal_back: the pane left the alternate screen, shows the cursor
# and no longer reports the mouse.
expect_terminal_back() {
    expect_eq "$(pane_flag alternate_on)" 0
    expect_eq "$(pane_flag cursor_flag)" 1
    expect_eq "$(pane_flag mouse_any_flag)" 0
    expect_not_contains "$(screen)" "Categories"
}

# While running: alternate screen, hidden cursor, mouse on.
start
expect_count "25"
expect_eq "$(pane_flag alternate_on)" 1
expect_eq "$(pane_flag cursor_flag)" 0
expect_eq "$(pane_flag mouse_any_flag)" 1
keys q
expect_exit 0
expect_terminal_back

# Ctrl-C quits at once, from the table and from inside the filter prompt
# (where it cancels the prompt first, as in readline).
start
expect_count "25"
keys C-c
expect_exit 130
expect_terminal_back
start
expect_count "25"
keys / l i n
expect_screen "/lin"
keys C-c
expect_no_screen "/lin"
keys C-c
expect_exit 130
expect_terminal_back

for sig in TERM HUP INT QUIT; do
    start
    expect_count "25"
    keys / a t t
    expect_screen "/att"
    kill -s "$sig" "$(paperdeck_pid)"
    expect_exit $((128 + $(kill -l "$sig")))
    expect_terminal_back
done

# A crash (here a fatal signal from outside) still gives the terminal back
# before the process dies of it.
for sig in SEGV ABRT; do
    start
    expect_count 25
    kill -s "$sig" "$(paperdeck_pid)"
    expect_exit $((128 + $(kill -l "$sig")))
    expect_terminal_back
done

# Keys come from the terminal when the list comes on stdin.
cat >"$scratch/from-stdin" <<EOF
#!/bin/sh
exec "$PAPERDECK" - < "$SOURCE_DIR/data/efficiency.yaml"
EOF
chmod +x "$scratch/from-stdin"
real=$PAPERDECK
PAPERDECK=$scratch/from-stdin
start
PAPERDECK=$real
expect_count "25"
keys j
expect_screen " 2/25 ─"
keys q
expect_exit 0

# No terminal: a message on stderr, status 2, nothing written to stdout.
"$PAPERDECK" >"$scratch/out" 2>"$scratch/err" </dev/null
expect_eq "$?" 2
expect_eq "$(cat "$scratch/out")" ""
expect_contains "$(cat "$scratch/err")" "needs a terminal"
expect_contains "$(cat "$scratch/err")" "paperdeck list"

# TERM unset or dumb, on a real terminal: a message, status 2.
start -e TERM=dumb
expect_exit 2
expect_screen "TERM is dumb"
start -e TERM=
expect_exit 2
expect_screen "TERM is not set"
start -e TERM=no-such-terminal-type \
    -e LSAN_OPTIONS=suppressions=$SOURCE_DIR/tests/e2e/lsan.supp:print_suppressions=0
expect_exit 2
expect_screen "cannot start the terminal UI"

finish
