#!/usr/bin/env bash
# Ways paperdeck cannot or must not take the terminal, run on a real one:
# each says why on stderr, exits 2, never switches to the alternate screen,
# and leaves the terminal as it found it (cooked mode, echo, cursor shown).
# (Signals and crashes while it runs are in test_signals.sh.)
. "$(dirname "$0")/lib.sh"

pane_flag() { t display-message -p -t 0 "#{$1}"; }
expect_untouched() {
    expect_eq "$(pane_flag alternate_on)" 0
    expect_eq "$(pane_flag cursor_flag)" 1
    expect_eq "$(pane_flag mouse_any_flag)" 0
    expect_not_contains "$(screen)" "Categories"
}

# wrap NAME BODY: a script standing in for paperdeck (same pid via exec).
real=$PAPERDECK
wrap() {
    printf '#!/bin/sh\n%s\n' "$2" >"$scratch/$1"
    chmod +x "$scratch/$1"
}

# Standard output to a file, standard input and error on the terminal.
wrap to-file "exec \"$real\" \"\$@\" > \"$scratch/out.txt\""
PAPERDECK=$scratch/to-file start
expect_exit 2
expect_screen "the browser needs a terminal, and standard output is not one"
expect_untouched
expect_eq "$(cat "$scratch/out.txt")" ""

# Standard output to a pipe.
wrap to-pipe "\"$real\" \"\$@\" | cat > \"$scratch/pipe.txt\"; exit \$?"
PAPERDECK=$scratch/to-pipe start
expect_screen "the browser needs a terminal"
expect_untouched
expect_eq "$(cat "$scratch/pipe.txt")" ""

# A list with errors: every error, no screen taken.
PAPERDECK=$real start -- "$SOURCE_DIR/tests/fixtures/cli/bad.yaml"
expect_exit 2
expect_screen "bad.yaml:8:9: error: unknown key \"titel\" in an entry"
expect_screen "paperdeck: 3 errors, 0 warnings"
expect_untouched

# Hostile bytes in the list's errors reach the terminal as pictures only.
printf 'paperdeck: 1\ntitle: x\n"\\e[?1049h\\e[?25l": 1\nsections: []\n' >"$scratch/evil.yaml"
PAPERDECK=$real start -- "$scratch/evil.yaml"
expect_exit 2
expect_screen 'unknown key "␛[?1049h␛[?25l"'
expect_untouched

# TERM unset, dumb, or unknown.
for term in "" dumb no-such-terminal-type; do
    PAPERDECK=$real start -e TERM="$term" \
        -e LSAN_OPTIONS=suppressions=$SOURCE_DIR/tests/e2e/lsan.supp:print_suppressions=0
    expect_exit 2
    case $term in
    "") expect_screen "TERM is not set" ;;
    dumb) expect_screen "TERM is dumb" ;;
    *) expect_screen "cannot start the terminal UI" ;;
    esac
    expect_untouched
done

# A terminal too small to draw on: it runs (with what fits) and gives the
# terminal back on q.
PAPERDECK=$real start -w 20 -h 5
sleep 0.5
keys q
expect_exit 0 tiny
t resize-window -t 0 -x 80 -y 20
expect_untouched

finish
