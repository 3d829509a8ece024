#!/usr/bin/env bash
# screenshots.sh: PNG screenshots of the real program for the README.
#
#   scripts/screenshots.sh [PAPERDECK] [OUTDIR]
#
# Runs paperdeck (default: build/paperdeck) in a private tmux server at
# 120x35, 80x24 and a narrow size, drives it with keys, captures each screen
# with its colours (tmux capture-pane -e), turns the ANSI text into HTML with
# aha and the HTML into a PNG with headless Chromium. Every character is put
# in a cell of its terminal width (CJK two columns), so the picture keeps the
# columns the terminal shows whatever fonts the browser falls back to.
#
# Needs: tmux, aha, chromium, perl, fonts-dejavu-core and fonts-noto-cjk
# (Debian: apt-get install tmux aha chromium fonts-dejavu-core fonts-noto-cjk).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pd=${1:-$root/build/paperdeck}
out=${2:-$root/screenshots}
pd=$(cd "$(dirname "$pd")" && pwd)/$(basename "$pd")

say() { printf '==> %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$pd" ] || die "no paperdeck binary at $pd (build first: scripts/dev.sh build)"
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
for tool in tmux aha perl; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install $tool)"
done
[ -n "$chromium" ] || die "chromium is missing (Debian: apt-get install chromium)"
fc-list 2>/dev/null | grep -qi "Noto Sans Mono CJK" \
    || say "warning: fonts-noto-cjk not found; CJK text may not render"

mkdir -p "$out"
work=$(mktemp -d)
socket="pd-shots-$$"
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8
unset NO_COLOR PAPERDECK_CONFIG PAPERDECK_STATE_DIR
# the built-in list, not the lists, settings and marks of whoever runs this
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"

term=tmux-256color
infocmp "$term" >/dev/null 2>&1 || term=screen-256color
printf 'set -g default-terminal "%s"\nset -g status off\n' "$term" >"$work/tmux.conf"
t() { tmux -L "$socket" "$@"; }

# launch W H ARGS...: a fresh pane of W x H running paperdeck ARGS.
launch() {
    local w=$1 h=$2
    shift 2
    t kill-server 2>/dev/null || true
    sleep 0.2
    local cmd
    printf -v cmd '%q ' env LC_ALL=C.UTF-8 BROWSER=true PAPERDECK_CACHE=off "$pd" "$@"
    t -f "$work/tmux.conf" new-session -d -x "$w" -y "$h" "$cmd"
}

# wait_for TEXT: until the screen shows TEXT (10 s at most).
wait_for() {
    local i
    for ((i = 0; i < 200; i++)); do
        [[ "$(t capture-pane -p -t 0)" == *"$1"* ]] && return 0
        sleep 0.05
    done
    die "the screen never showed '$1'"
}

# shot NAME W H: captures the pane as $out/NAME.png.
shot() {
    local name=$1 w=$2 h=$3
    sleep 0.3 # let the last redraw land
    t capture-pane -p -e -t 0 >"$work/$name.ansi"
    to_html "$work/$name.ansi" "$work/$name.html"
    # cells of DejaVu Sans Mono at 15 px: 9.03 px wide, 18 px high; 12 px margin
    local pw=$(((w * 903 + 99) / 100 + 24)) ph=$((h * 18 + 24))
    "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --force-device-scale-factor=1 --user-data-dir="$work/chromium-profile" \
        --screenshot="$out/$name.png" --window-size="$pw,$ph" "file://$work/$name.html" \
        >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log" >&2; die "chromium failed"; }
    say "$out/$name.png"
}

# to_html ANSI HTML: aha's HTML, each non-ASCII character in a cell of its
# terminal width (East Asian wide and fullwidth: 2, combining marks stay
# with their base), on a dark page with fixed-size cells. Box drawing stays
# as it is: DejaVu Sans Mono draws it at the cell width, and unbroken runs
# keep the lines continuous.
to_html() {
    aha --black --title paperdeck <"$1" | perl -CSD -pe '
        s{(?<w>[\p{EA=W}\p{EA=F}]\p{Mn}*)|(?<n>[^\x00-\x7F\x{2500}-\x{259F}\p{Mn}]\p{Mn}*|[\x21-\x7E]\p{Mn}+)}
         {defined $+{w} ? "<span class=\"w\">$+{w}</span>" : "<span class=\"n\">$+{n}</span>"}ge;
        s{</head>}{<style>
          html, body { margin: 0; background: #101216; }
          body { padding: 12px; }
          pre { margin: 0; font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace;
                font-size: 15px; line-height: 18px; color: #d8d8d8; }
          pre span.n, pre span.w { display: inline-block; text-align: center; overflow: hidden;
                vertical-align: top; height: 18px; }
          /* ch: the advance of the ASCII cells, so every column lines up */
          pre span.n { width: 1ch; }
          pre span.w { width: 2ch; }
        </style></head>};
        s{<body style="[^"]*">}{<body>};
    ' >"$2"
}

say "main screen, 120x35"
launch 120 35
wait_for "25/25"
t send-keys -t 0 j j j j
wait_for " 5/25 "
shot main 120 35

say "filter with highlights, 120x35"
launch 120 35
wait_for "25/25"
t send-keys -t 0 / l i n " " a t t
wait_for "query: lin att"
shot filter 120 35

say "full-screen detail, 100x30"
launch 100 30 -q "'Quality"
wait_for "1/25"
t send-keys -t 0 Enter
wait_for "Entry 1/1"
shot detail 100 30

say "help overlay, 120x35"
launch 120 35
wait_for "25/25"
t send-keys -t 0 '?'
wait_for "help"
shot help 120 35

say "80x24"
launch 80 24 -q "att"
wait_for "query: att"
shot main-80x24 80 24

say "narrow, 56x18: blogs with CJK titles"
launch 56 18
wait_for "25/25"
t send-keys -t 0 G k k k k
wait_for "21/25"
shot narrow 56 18

gen=$(dirname "$pd")/bench/paperdeck-gen
if [ -x "$gen" ]; then
    say "a long list showing its head while the rest loads, 120x35"
    "$gen" 1000000 "$HOME/big.yaml" >/dev/null # the detail's Source: ~/big.yaml
    launch 120 35 "$HOME/big.yaml"
    wait_for "loading 2"
    shot loading 120 35
else
    say "no $gen: no loading screenshot (cmake --build ... --target paperdeck-gen)"
fi

say "done: $(ls "$out"/*.png | wc -l) screenshots in $out"
