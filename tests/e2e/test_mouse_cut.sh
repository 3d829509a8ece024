#!/usr/bin/env bash
# A mouse report cut short (a click, then a lone "ESC [ <", or "ESC [ M"
# with its bytes missing) is dropped: the screen still follows a resize at
# once, and the next key is a key (it used to block in a read inside
# ncurses: no redraw until the next key, which the report then swallowed).
. "$(dirname "$0")/lib.sh"

# TERM  the click  the cut report (hex bytes)
cases=(
    "xterm-256color|1b 5b 3c 30 3b 35 30 3b 35 4d|1b 5b 3c"
    "xterm-256color|1b 5b 3c 30 3b 35 30 3b 35 4d|1b 5b 3c 30 3b 31 32"
    "tmux-256color|1b 5b 4d 20 52 25|1b 5b 4d"
    "tmux-256color|1b 5b 4d 20 52 25|1b 5b 4d 20"
)
for c in "${cases[@]}"; do
    IFS='|' read -r term click cut <<<"$c"
    infocmp "$term" >/dev/null 2>&1 || continue
    start -t "$term"
    expect_count 25
    # shellcheck disable=SC2086 # one byte a word
    t send-keys -t 0 -H $click
    expect_no_screen " 1/25 ─" # the click moved the selection
    # shellcheck disable=SC2086
    t send-keys -t 0 -H $cut
    sleep 0.3
    t resize-window -t 0 -x 90 -y 25
    status_width_is 90 && pass || fail "$term, cut [$cut]: no redraw after a resize:
$(screen | head -3)"
    # the next key is not swallowed
    keys g
    expect_screen " 1/25 ─"
    keys q
    expect_exit 0
done

finish
