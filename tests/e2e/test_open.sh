#!/usr/bin/env bash
# Opening links: o, p, Enter in the detail view and 1-9 run $BROWSER (here a
# script that records its argument vector) with exactly the URL; non-http
# links are refused with a message; a terminal browser gets the terminal and
# the screen comes back; y copies with OSC 52 (tmux keeps it as a buffer).
. "$(dirname "$0")/lib.sh"
odd=$SOURCE_DIR/tests/e2e/fixtures/odd.yaml

mkdir -p "$scratch/bin"
cat >"$scratch/bin/recorder" <<EOF
#!/bin/sh
# one line per argument, then a marker, so the whole argv is checked
for a in "\$@"; do printf '%s\n' "\$a"; done > "$scratch/argv.tmp"
printf 'END\n' >> "$scratch/argv.tmp"
mv "$scratch/argv.tmp" "$scratch/argv"
EOF
chmod +x "$scratch/bin/recorder"
# argv_is LINES: what the browser was called with, one argument a line.
argv_is() {
    if ! wait_file "$scratch/argv"; then
        fail "the browser was not run: $(screen | tail -1)"
        return
    fi
    expect_eq "$(cat "$scratch/argv")" "$1
END"
    rm -f "$scratch/argv"
}

start -e BROWSER="$scratch/bin/recorder" -e DISPLAY=:0
expect_screen "LoRA"
keys o
argv_is "https://arxiv.org/abs/2106.09685"
expect_screen "opened https://arxiv.org/abs/2106.09685"
# The message fades on the next key; the screen is intact.
keys p
argv_is "https://arxiv.org/pdf/2106.09685"
expect_screen "opened https://arxiv.org/pdf/2106.09685"
expect_contains "$(screen)" "25/25"
expect_contains "$(screen)" "┌ Categories"
keys 1
argv_is "https://arxiv.org/abs/2106.09685"
keys 2
argv_is "https://arxiv.org/pdf/2106.09685"
keys 3
expect_screen "no link 3: this entry has 2"
keys j
expect_no_screen "no link 3"
expect_contains "$(screen | tail -1)" "/ filter"
# Enter opens the entry from the full-screen detail view.
keys g Enter
expect_screen "Entry 1/25"
keys Enter
argv_is "https://arxiv.org/abs/2106.09685"
keys Escape
# An extra link: link 3 of "Transformer Quality in Linear Time".
keys / "'Quality" Enter
expect_count "1"
keys 3
argv_is "https://spaces.ac.cn/archives/8934"
# A blog: its url is the main link; no arXiv, so no PDF.
keys / C-u "'为节约" Enter
expect_count "1"
keys o
argv_is "https://spaces.ac.cn/archives/6853"
keys p
expect_screen "no arXiv id"

# y copies the main link with OSC 52: tmux (set-clipboard on) stores it.
keys '\' g y
expect_screen "copied to tmux buffer and sent to terminal (OSC 52): https://arxiv.org/abs/2106.09685"
expect_eq "$(t show-buffer 2>/dev/null)" "https://arxiv.org/abs/2106.09685"
keys q
expect_exit 0

# tmux's default, set-clipboard external, drops an application's OSC 52:
# the text reaches tmux's buffer through tmux load-buffer all the same.
start
expect_screen "LoRA"
t set -g set-clipboard external
t delete-buffer 2>/dev/null
keys y
expect_screen "copied to tmux buffer and sent to terminal (OSC 52): https://arxiv.org/abs/2106.09685"
expect_eq "$(t show-buffer 2>/dev/null)" "https://arxiv.org/abs/2106.09685"
keys q
expect_exit 0

# Outside tmux (TMUX unset; tmux itself still shows the pane): only the
# terminal got it, and the message says no more than that.
start -e TMUX=
expect_screen "LoRA"
t set -g set-clipboard external
keys y
expect_screen "sent to terminal (OSC 52): https://arxiv.org/abs/2106.09685"
expect_no_screen "copied"
expect_eq "$(t list-buffers 2>/dev/null)" ""
keys q
expect_exit 0

# A browser that is missing: a clear message, the screen stays.
start -e BROWSER="$scratch/bin/no-such-browser" -e DISPLAY=:0
expect_screen "LoRA"
keys o
expect_screen "cannot open"
expect_contains "$(screen)" "25/25"
keys q
expect_exit 0

# Only http and https links are opened.
start -e BROWSER="$scratch/bin/recorder" -e DISPLAY=:0 -- "$odd"
expect_screen "Local file link"
keys o
expect_screen "only http and https links are opened"
keys j 2
expect_screen "only http and https links are opened"
sleep 0.3
[ ! -e "$scratch/argv" ] && pass || fail "a refused link reached the browser"
keys 1
argv_is "https://example.org/page"
keys q
expect_exit 0

# A terminal browser with no graphical session gets the terminal, then the
# browser's screen goes and paperdeck's comes back as it was.
cat >"$scratch/bin/w3m" <<EOF
#!/bin/sh
printf '%s\n' "\$@" > "$scratch/w3m-argv"
printf 'W3M-IS-RUNNING %s\n' "\$1"
read -r line
EOF
chmod +x "$scratch/bin/w3m"
start -e BROWSER="$scratch/bin/w3m" -e DISPLAY= -e WAYLAND_DISPLAY=
expect_screen "LoRA"
keys o
expect_screen "W3M-IS-RUNNING https://arxiv.org/abs/2106.09685"
expect_no_screen "Categories"
keys Enter
expect_screen "Categories"
expect_screen "opened https://arxiv.org/abs/2106.09685"
expect_contains "$(screen)" "25/25"
expect_eq "$(cat "$scratch/w3m-argv")" "https://arxiv.org/abs/2106.09685"
keys j
expect_screen " 2/25 ─"
keys q
expect_exit 0

finish
