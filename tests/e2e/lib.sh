# lib.sh: end-to-end tests of the terminal UI. Each test starts the real
# paperdeck in a real pseudo-terminal (a tmux pane on a private server, so
# tests run in parallel), sends keys, and asserts on the screen.
#
# Source it, call start / keys / wait_for / expect_* ..., end with `finish`,
# which prints "N passed, N failed" and gives the exit status. Needs PAPERDECK
# (the binary) and SOURCE_DIR; same assertion style as tests/cli/lib.sh.
set -u
: "${PAPERDECK:?PAPERDECK must name the paperdeck binary}"
: "${SOURCE_DIR:?SOURCE_DIR must name the source tree}"
passed=0
failed=0
scratch=$(mktemp -d)
# one tmux server per start, on a private socket: tests run in parallel and a
# new server never races the shutdown of the previous one
socket_base="pd-test-$$-$RANDOM"
socket=$socket_base-0
starts=0
export LC_ALL=C.UTF-8
unset NO_COLOR
# The user's settings and lists stay out (the tmux server inherits these).
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
export XDG_STATE_HOME="$scratch/state" # and marks
# Caches of big lists go to the scratch directory too.
export XDG_CACHE_HOME="$scratch/cache"
unset PAPERDECK_CACHE
unset PAPERDECK_CONFIG PAPERDECK_WATCH_STAT PAPERDECK_STATE_DIR
# The fetch keys (the monkey presses them too) never reach the real arXiv: a
# closed loopback port refuses at once. Tests of fetching set their own.
export PAPERDECK_ARXIV_URL=http://127.0.0.1:9/no-arxiv-in-tests
TIMEOUT=${E2E_TIMEOUT:-10}
PANE_W=120
PANE_H=35

cleanup() {
    local i
    for ((i = 0; i <= starts; i++)); do
        tmux -L "$socket_base-$i" kill-server 2>/dev/null
    done
    rm -rf "$scratch"
}
trap cleanup EXIT

if ! command -v tmux >/dev/null 2>&1; then
    echo "FAILED: the end-to-end tests need tmux (Debian: apt-get install tmux)" >&2
    exit 1
fi

fail() {
    failed=$((failed + 1))
    # called from an expect_* helper, or straight from the test script
    local src=${BASH_SOURCE[2]:-${BASH_SOURCE[1]}}
    printf 'FAILED (%s:%s): %s\n' "${src##*/}" "${BASH_LINENO[1]:-${BASH_LINENO[0]}}" "$*" >&2
}
pass() { passed=$((passed + 1)); }

expect_eq() { [ "$1" == "$2" ] && pass || fail "got [$1], expected [$2]"; }
expect_contains() { [[ "$1" == *"$2"* ]] && pass || fail "[${1:0:2000}] does not contain [$2]"; }
expect_not_contains() { [[ "$1" != *"$2"* ]] && pass || fail "[${1:0:2000}] contains [$2]"; }

t() { tmux -L "$socket" "$@"; }

# The terminal type inside the panes: 256 colours where terminfo knows tmux.
term_256=tmux-256color
infocmp "$term_256" >/dev/null 2>&1 || term_256=screen-256color

# start [-w W] [-h H] [-t TERM] [-e VAR=VALUE]... [-- ARGS...]: starts
# paperdeck ARGS in a fresh pane of W x H (default 120 x 35). When it exits,
# its status goes to $scratch/rc and `stty -a` of the terminal it left to
# $scratch/stty; the pane then stays for inspection.
start() {
    local w=$PANE_W h=$PANE_H term=$term_256 envs=()
    while [ $# -gt 0 ]; do
        case $1 in
        -w) w=$2; shift 2 ;;
        -h) h=$2; shift 2 ;;
        -t) term=$2; shift 2 ;;
        -e) envs+=("$2"); shift 2 ;;
        --) shift; break ;;
        *) break ;;
        esac
    done
    t kill-server 2>/dev/null
    starts=$((starts + 1))
    socket=$socket_base-$starts
    rm -f "$scratch/rc" "$scratch/stty" "$scratch/pid"
    cat >"$scratch/run.sh" <<'EOF'
#!/usr/bin/env bash
# the inner shell records its pid, then becomes paperdeck (same pid)
ulimit -c 0 # the crash tests kill it with SIGSEGV: no core files
bash -c 'echo $$ > "$0"; exec "$@"' "$SCRATCH/pid" "$PAPERDECK" "$@"
echo $? > "$SCRATCH/rc.tmp"
stty -a > "$SCRATCH/stty" 2>&1
mv "$SCRATCH/rc.tmp" "$SCRATCH/rc"
echo "PAPERDECK-EXITED"
exec sleep 600
EOF
    printf 'set -g default-terminal "%s"\nset -g set-clipboard on\nset -g status off\n' \
        "$term" >"$scratch/tmux.conf"
    local cmd=(env SCRATCH="$scratch" PAPERDECK="$PAPERDECK" LC_ALL=C.UTF-8)
    local e
    for e in "${envs[@]+"${envs[@]}"}"; do cmd+=("$e"); done
    cmd+=(bash "$scratch/run.sh" "$@")
    local quoted
    printf -v quoted '%q ' "${cmd[@]}"
    t -f "$scratch/tmux.conf" new-session -d -x "$w" -y "$h" "$quoted"
    t set-option -g window-size manual >/dev/null 2>&1
    wait_file "$scratch/pid"
}

# screen [-e]: the pane's text now (-e: with colour escapes).
screen() { t capture-pane -p "$@" -t 0 2>/dev/null; }

keys() { t send-keys -t 0 "$@"; }
# literal text, keys not looked up by name
type_text() { t send-keys -t 0 -l "$1"; }

wait_file() {
    local i
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [ -s "$1" ] && return 0
        sleep 0.05
    done
    return 1
}

# wait_for TEXT: polls the screen until it shows TEXT; false on timeout.
wait_for() {
    local i
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [[ "$(screen)" == *"$1"* ]] && return 0
        sleep 0.05
    done
    return 1
}

# wait_gone TEXT: polls until the screen no longer shows TEXT.
wait_gone() {
    local i
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [[ "$(screen)" != *"$1"* ]] && return 0
        sleep 0.05
    done
    return 1
}

# expect_screen TEXT: the screen shows TEXT (waiting for it).
expect_screen() {
    if wait_for "$1"; then pass; else fail "screen never showed [$1]:
$(screen)"; fi
}
expect_no_screen() {
    if wait_gone "$1"; then pass; else fail "screen still shows [$1]:
$(screen)"; fi
}

# expect_count N [TOTAL]: the status line shows N of TOTAL (25) entries.
expect_count() {
    local want="  $1/${2:-25}  sort:"
    if wait_for "$want"; then pass; else fail "status line never showed $1/${2:-25}:
$(screen | head -1)"; fi
}

# status_width_is W: the status line is drawn for a W-column pane (it ends
# one column from the right edge), waiting for it: tmux hands a pane's new
# size to the program up to 250 ms after resize-window returns when resizes
# come quickly one after another.
status_width_is() {
    local i
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        [ "$(display_width "$(screen | head -1)")" -eq $(($1 - 1)) ] && return 0
        sleep 0.1
    done
    return 1
}
# pane_size_wait W H: waits until the pane's terminal has W columns and H
# rows, as the program sees them (the 250 ms above: until then the pane shows
# the old frame cut to the new size, and a frame check would judge that).
pane_size_wait() {
    local tty i
    tty=$(t display-message -p -t 0 '#{pane_tty}' 2>/dev/null) || return 1
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [ "$(stty -F "$tty" size 2>/dev/null)" == "$2 $1" ] && return 0
        sleep 0.05
    done
    return 1
}
# expect_status_width W: as status_width_is, a check.
expect_status_width() {
    if status_width_is "$1"; then pass; else fail "status line not drawn for $1 columns:
$(screen | head -1)"; fi
}

# row TEXT: the first screen line containing TEXT.
row() { screen | grep -F -m1 -- "$1"; }

# settle: waits until the screen stops changing (after keys whose effect has
# no text of its own to wait for).
settle() {
    local a b i
    a=$(screen -e)
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        sleep 0.1
        b=$(screen -e)
        [ "$a" == "$b" ] && return 0
        a=$b
    done
}

paperdeck_pid() { cat "$scratch/pid" 2>/dev/null; }

# wait_exit: waits for paperdeck to end; its status in $rc.
wait_exit() {
    rc=
    if wait_file "$scratch/rc"; then
        rc=$(cat "$scratch/rc")
        return 0
    fi
    return 1
}

# expect_exit STATUS [tiny]: paperdeck ended with STATUS and left the terminal sane
# (canonical mode and echo back on, cursor visible, main screen back).
expect_exit() {
    if ! wait_exit; then
        fail "paperdeck did not exit:
$(screen)"
        return
    fi
    expect_eq "$rc" "$1"
    local st
    st=$(tr "\n" " " <"$scratch/stty")
    expect_contains " $st " " icanon "
    expect_contains " $st " " echo "
    expect_contains " $st " " isig "
    expect_contains " $st " " icrnl "
    # the shell's output shows again (not on a screen too small for it)
    [ "${2:-}" == tiny ] || expect_screen "PAPERDECK-EXITED"
}

# display_width TEXT: columns TEXT takes on a terminal (wc -L measures with
# the locale's wcwidth, CJK as two).
display_width() { printf '%s\n' "$1" | wc -L; }

# column_of LINE N: display column just after the N-th "│" of LINE.
column_of() {
    local line=$1 n=$2 rest=$1 i
    for ((i = 0; i < n; i++)); do
        [[ "$rest" == *"│"* ]] || { echo -1; return; }
        rest=${rest#*│}
    done
    display_width "${line:0:$((${#line} - ${#rest}))}"
}

# cli ARGS...: the command line's answer, the oracle for counts and orders.
cli() { "$PAPERDECK" list "$@"; }

# big_list N FILE: writes a list of N entries to FILE, with the benchmark's
# generator when the build has it (sections Architecture, Attention/...,
# ..., Training, ...), else from a small vocabulary in four sections
# (Architecture, Attention, Pruning, Training), so that prefixes match many
# entries and scores tie often.
big_list() {
    local n=$1 file=$2 gen=${BUILD_DIR:-}/bench/paperdeck-gen
    if [ -x "$gen" ]; then
        "$gen" "$n" "$file" >/dev/null
        return
    fi
    awk -v n="$n" 'BEGIN {
        split("LoRA linear attention efficient sparse low-rank adaptation quantization " \
              "pruning Transformer language models fast memory long context with for of", w, " ")
        split("Architecture Attention Pruning Training", sec, " ") # as the generator names them
        nw = 18; x = 12345
        print "paperdeck: 1\ntitle: Big\nsections:"
        for (i = 0; i < n; i++) {
            if (i % (n / 4) == 0)
                printf "  - name: %s\n    entries:\n", sec[1 + i / (n / 4)]
            t = ""
            k = 3 + i % 7
            for (j = 0; j < k; j++) {
                x = (x * 1103515245 + 12345) % 2147483648
                t = t (j ? " " : "") w[1 + int(x / 65536) % nw]
            }
            printf "      - title: \"%s %d\"\n        arxiv: \"%02d%02d.%05d\"\n", t, i,
                15 + i % 10, 1 + i % 12, i
        }
    }' >"$file"
}

# big_list_oracles N QUERY...: the typing tests' set-up. Sets TIMEOUT (60 s:
# loading a big list under ASan takes seconds), N (20k under valgrind,
# scripts/valgrind.sh: the same paths in minutes rather than an hour) and
# list (a big_list of N entries), then writes `paperdeck list -q QUERY -f
# tsv` for every QUERY, two at a time, to the file `oracle QUERY` names.
# Fails (exit status) when the list cannot be written.
big_list_oracles() {
    TIMEOUT=${E2E_TIMEOUT:-60}
    N=$1
    shift
    [ -z "${PAPERDECK_UNDER_VALGRIND:-}" ] || N=20000
    list=$scratch/big.yaml
    big_list "$N" "$list" || { fail "cannot write a list of $N entries"; return 1; }
    local q
    for q in "$@"; do printf '%s\0%s\0' "$q" "$(oracle "$q")"; done |
        xargs -0 -n 2 -P 2 bash -c '"$0" list -q "$2" -f tsv "$1" >"$3" 2>/dev/null' \
            "$PAPERDECK" "$list"
}
# oracle QUERY: the file big_list_oracles wrote QUERY's answer to.
oracle() { printf '%s' "$scratch/oracle-$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')"; }

# rows_differ ORACLE FIRST: prints why the table's rows are not the rows
# FIRST, FIRST+1... of ORACLE (`paperdeck list -f tsv` output, 1-based; "end":
# the last ones) and fails; succeeds silently when they are: each title cell
# is a prefix of the oracle's title (cells are cut to fit, with "…") and the
# arXiv cells are equal. One capture, no waiting.
rows_differ() {
    local file=$1 first=$2 k line title arxiv want want_title want_arxiv
    local -a fields lines
    # the table's rows: "│ sidebar ││▶title │ venue │ year │ arxiv │ section"
    mapfile -t lines < <(screen | awk 'NR >= 3 { if (/├|└/) exit; print }')
    [ "${#lines[@]}" -gt 0 ] || { echo "no rows on screen"; return 1; }
    [ "$first" != end ] || first=$(($(tsv_count "$file") - ${#lines[@]} + 1))
    for ((k = 0; k < ${#lines[@]}; k++)); do
        IFS='│' read -ra fields <<<"${lines[k]}"
        title=${fields[3]:1}
        arxiv=${fields[6]:-}
        want=$(sed -n "$((first + k + 1))p" "$file")
        if [ -z "$want" ]; then
            [[ "$title" =~ ^\ *$ ]] || { echo "row $k: [$title], expected none"; return 1; }
            continue
        fi
        want_title=$(cut -f1 <<<"$want")
        want_arxiv=$(cut -f4 <<<"$want")
        title=${title%"${title##*[! ]}"}
        title=${title%…}
        arxiv=${arxiv//[ ┃]/} # the scrollbar is the last border when the section is not shown
        if [[ "$want_title" != "$title"* ]] || [ "$arxiv" != "$want_arxiv" ] || [ -z "$title" ]; then
            echo "row $k: [$title|$arxiv], expected [$want_title|$want_arxiv]"
            return 1
        fi
    done
}
# tsv_count ORACLE: the rows of `paperdeck list -f tsv` output (its header aside).
tsv_count() { echo $(($(wc -l <"$1") - 1)); }

finish() {
    printf '%d passed, %d failed\n' "$passed" "$failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
