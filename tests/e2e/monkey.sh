# monkey.sh: the monkey, a randomized end-to-end run of the real binary in a
# tmux pane. Sourced by test_monkey.sh (after lib.sh); see there for how to
# run it long or replay a seed.
#
# A run is a fixed number of steps drawn from bash's generator seeded with
# the run's seed, so a seed always makes the same steps (the randomness is in
# the driver, never in timing): keys from the whole keymap (read from
# src/ui/keymap.c), filter text with UTF-8, raw escape sequences, SGR mouse
# reports (whole and cut), resizes from 1x1 to 300x100, the list rewritten,
# broken, truncated, deleted and restored underneath it, and storms of
# SIGWINCH, SIGCONT and SIGTSTP. After every step: no unexpected exit, no
# sanitizer log; every few steps and after each resize: a sane frame. At the
# end: q quits, with status 0 and the terminal given back.

# --- randomness: every draw goes through roll (never in a subshell, where a
# draw would not advance the parent's generator) --------------------------

roll() { R=$((RANDOM % $1)); }
# pick WORDS...: R_PICK gets one of them
pick() {
    roll $#
    local a=("$@")
    R_PICK=${a[$R]}
}

# --- the keymap --------------------------------------------------------------

# keymap_keys FILE: the tmux key of every binding in the default table, one a
# line ("lit:x" for a literal character). A key form it does not know fails
# the test, so a new kind of key cannot slip past the monkey.
keymap_keys() {
    local line key
    grep -E '^[[:space:]]*K\(' "$1" | sed -E 's/^[[:space:]]*K\(//' | while IFS= read -r line; do
        case $line in
        "'\\\\'"*) key='lit:\' ;;
        "'\\t'"*) key=Tab ;;
        "'\\r'"*) key=Enter ;;
        "'\\n'"*) key=C-j ;;
        "' '"*) key=Space ;;
        "'"?"'"*) key="lit:${line:1:1}" ;;
        UI_CTRL\(\'?\'\)*) key="C-${line:9:1}" ;;
        UI_ESC*) key=Escape ;;
        UI_FN\(KEY_F\(1\)\)*) key=F1 ;;
        UI_FN\(KEY_*)
            local k=${line#UI_FN(KEY_}
            k=${k%%)*}
            case $k in
            DOWN) key=Down ;; UP) key=Up ;; LEFT) key=Left ;; RIGHT) key=Right ;;
            NPAGE) key=NPage ;; PPAGE) key=PPage ;; HOME) key=Home ;; END) key=End ;;
            BTAB) key=BTab ;; ENTER) key=KPEnter ;;
            *) echo "UNKNOWN:$line"; continue ;;
            esac ;;
        *) echo "UNKNOWN:$line"; continue ;;
        esac
        printf '%s\n' "$key"
    done
}

mapfile -t monkey_keys < <(keymap_keys "$SOURCE_DIR/src/ui/keymap.c")
for k in "${monkey_keys[@]}"; do
    [[ $k == UNKNOWN:* ]] && fail "the monkey cannot send this key of keymap.c: ${k#UNKNOWN:}"
done
[ ${#monkey_keys[@]} -ge 40 ] || fail "read only ${#monkey_keys[@]} keys from keymap.c"

# Filter text: ASCII, query syntax, UTF-8 (accents, CJK, emoji, combining),
# and the prompt's editing keys.
prompt_words=(a lo LoRA "is:starred" "is:read" "year:2021" "venue:" "re:/[a-" "re:/a+b/"
    "!" "|" '"' "'" "-" "é" "ü" "中文" "日本" "🙂" "e$(printf '\xcc\x81')" "ﬁ" "Ω" " " "(" ")")
prompt_keys=(BSpace BSpace C-w C-u C-a C-e Left Right Home End Delete C-k Down Up)

# --- talking to the pane -------------------------------------------------------

# send_key KEY: a tmux key name, or lit:TEXT for literal text.
send_key() {
    if [[ $1 == lit:* ]]; then
        t send-keys -t 0 -l -- "${1#lit:}"
    else
        t send-keys -t 0 "$1"
    fi
}

# send_raw TEXT: TEXT's bytes as they are (escape sequences, cut UTF-8).
send_raw() {
    local hex
    hex=$(printf '%s' "$1" | od -An -tx1 -v)
    # shellcheck disable=SC2086 # one byte a word
    [ -n "$hex" ] && t send-keys -t 0 -H $hex
}

# paperdeck's pid: under the job shell (M_JOB=1) the job's, not the shell's
m_pid() {
    if [ "${M_JOB:-0}" = 1 ]; then cat "$scratch/realpid" 2>/dev/null; else cat "$scratch/pid" 2>/dev/null; fi
}
m_alive() { [ ! -e "$scratch/rc" ]; }
m_signal() { kill -s "$1" "$(m_pid)" 2>/dev/null; }
m_stopped() { [ "$(awk '{print $3}' "/proc/$(m_pid)/stat" 2>/dev/null)" == T ]; }
# m_continue: what a job-control shell does for a stopped job on `fg`: once
# paperdeck has stopped (if it does within WAIT tenths of a second), SIGCONT,
# until it runs.
m_continue() {
    local i
    for ((i = 0; i < ${1:-0}; i++)); do
        m_stopped && break
        sleep 0.1
    done
    if [ "${M_JOB:-0}" = 1 ]; then # the job shell's `fg`: the terminal back, then SIGCONT
        m_stopped || return 0
        touch "$scratch/fg"
        for ((i = 0; i < 100; i++)); do
            [ -e "$scratch/fg" ] || { m_stopped || return 0; }
            sleep 0.05
        done
        return 0
    fi
    for ((i = 0; i < 20; i++)); do
        m_signal CONT
        sleep 0.05
        m_stopped || return 0
    done
}

# --- the steps -----------------------------------------------------------------

step_key() {
    pick "${monkey_keys[@]}"
    local k=$R_PICK
    M_LOG+=" key:$k"
    case $k in lit:q | C-c) M_QUIT_SENT=1 ;; esac
    send_key "$k"
    # Ctrl-Z stops paperdeck as a shell's job control would: continue it
    [ "$k" == C-z ] && m_continue 10
}

step_prompt() {
    send_key lit:/
    roll 6
    local n=$((R + 1)) i
    M_LOG+=" prompt"
    for ((i = 0; i < n; i++)); do
        roll 4
        if [ $R -eq 0 ]; then
            pick "${prompt_keys[@]}"
            send_key "$R_PICK"
        else
            pick "${prompt_words[@]}"
            send_key "lit:$R_PICK"
        fi
    done
    roll 4
    case $R in
    0) send_key Enter ;;
    1) send_key Escape ;;
    2) send_key C-g ;;
    *) ;; # left open: the next keys land in the prompt
    esac
}

escape_junk=($'\e' $'\e[' $'\e[A' $'\eOP' $'\e[1;5C' $'\e[200~paste\e[201~' $'\e[99;99;99R'
    $'\e[?1;2c' $'\e]52;c;eA==\a' $'\e[15~' $'\e[3;2~' $'\eO' $'\e[M' $'\e[M !!' $'\e[I' $'\e[O'
    $'\e\e' $'\e[<' $'\xc3' $'\xe4\xb8' $'\xff\xfe' $'\x7f' $'\e[9999999999999999999A')

step_escape() {
    pick "${escape_junk[@]}"
    M_LOG+=" esc"
    send_raw "$R_PICK"
}

# A mouse report in SGR form: ESC [ < button ; x ; y M|m, now and then cut.
step_mouse() {
    pick 0 0 0 64 65 1 2 32 35 66 96
    local b=$R_PICK x y fin
    roll $((M_W + 3)); x=$R
    roll $((M_H + 3)); y=$R
    pick M M M m
    fin=$R_PICK
    local report=$'\e'"[<$b;$x;$y$fin"
    roll 8
    case $R in
    0) report=$'\e[<' ;;
    1) report=$'\e'"[<$b;$x" ;;
    2) report=$'\e'"[<$b;$x;$y" ;;
    esac
    M_LOG+=" mouse:${report#?}"
    send_raw "$report"
}

step_resize() {
    roll 10
    if [ $R -eq 0 ]; then
        M_W=1 M_H=1
    elif [ $R -le 3 ]; then
        roll 30; M_W=$((R + 1))
        roll 12; M_H=$((R + 1))
    elif [ $R -eq 4 ]; then
        roll 60; M_W=$((241 + R))
        roll 30; M_H=$((71 + R))
    else
        roll 180; M_W=$((20 + R))
        roll 50; M_H=$((5 + R))
    fi
    M_LOG+=" resize:${M_W}x$M_H"
    t resize-window -t 0 -x "$M_W" -y "$M_H" 2>/dev/null
    M_CHECK=1
}

# The list file underneath the browser: another good list, a broken one, cut
# short, gone, back.
step_file() {
    roll 7
    case $R in
    0) cp "$M_GOOD" "$M_LIST.tmp" && mv "$M_LIST.tmp" "$M_LIST"; M_LOG+=" file:restore" ;;
    1) cp "$M_OTHER" "$M_LIST"; M_LOG+=" file:rewrite-in-place" ;;
    2) rm -f "$M_LIST"; M_LOG+=" file:delete" ;;
    3) [ -e "$M_LIST" ] && truncate -s $(($(stat -c %s "$M_LIST") / 2)) "$M_LIST"
       M_LOG+=" file:truncate" ;;
    4) printf 'paperdeck: 1\nsections:\n  - name: [broken\n' >"$M_LIST"; M_LOG+=" file:broken" ;;
    5) : >"$M_LIST"; M_LOG+=" file:empty" ;;
    6) touch "$M_LIST"; M_LOG+=" file:touch" ;;
    esac
}

step_signals() {
    roll 8
    local n=$((R + 1)) i
    M_LOG+=" signals:"
    for ((i = 0; i < n; i++)); do
        pick WINCH WINCH CONT TSTP
        M_LOG+="$R_PICK,"
        m_signal "$R_PICK"
        [ "$R_PICK" == TSTP ] && { roll 3; [ $R -eq 0 ] && sleep 0.02; }
    done
    # a stopped paperdeck is always continued
    m_continue 3
}

# --- the checks ------------------------------------------------------------

# Sanitizer reports go to files under $M_SAN (log_path).
m_sanitizer_report() {
    local f
    for f in "$M_SAN"/*; do
        [ -s "$f" ] && { cat "$f"; return 0; }
    done
    return 1
}

# m_frame_problem: why the screen is not a sane frame for the pane's size
# (nothing when it is). The status line is the top line; where the size
# allows it shows the count and, on a wide pane, ends with the sort key one
# column from the right edge (so a frame drawn for an older size shows).
m_frame_problem() {
    pane_size_wait "$M_W" "$M_H" || { echo "the pane never took the size ${M_W}x$M_H"; return; }
    settle
    local s top
    s=$(screen)
    top=${s%%$'\n'*}
    [ "$M_H" -ge 2 ] && [ "$M_W" -ge 30 ] || return 0
    if ! [[ $top =~ [0-9]+/[0-9]+ ]]; then
        echo "no count on the status line"
        return
    fi
    if [ "$M_W" -ge 60 ]; then
        [[ $top == *paperdeck* && $top == *"sort: "* ]] || { echo "status line incomplete"; return; }
        local w
        w=$(display_width "$top")
        [ "$w" -eq $((M_W - 1)) ] || echo "status line $w columns wide on a ${M_W}-column pane"
    fi
}

# m_failed WHY: the run failed; prints how to replay it.
m_failed() {
    fail "monkey seed $M_SEED, step $M_STEP/$M_STEPS ($M_TERM, ${M_W}x$M_H, list $M_KIND): $1
  last steps:$(printf '%s' "$M_LOG" | tail -c 600)
  screen:
$(screen)
  replay: MONKEY_SEED=$M_SEED MONKEY_STEPS=$M_STEPS ctest -R monkey (or bash tests/e2e/test_monkey.sh)"
    M_FAILED=1
}

# m_exit_ok: paperdeck has exited; fine only after a quit key, and then with
# the terminal given back. Starts it again so the run goes on.
m_after_exit() {
    local rc
    rc=$(cat "$scratch/rc")
    if [ "$M_QUIT_SENT" != 1 ]; then
        m_failed "paperdeck exited by itself with status $rc"
        return
    fi
    if [ "$rc" != 0 ] && [ "$rc" != 130 ]; then
        m_failed "quit with status $rc"
        return
    fi
    m_terminal_back || return
    cp "$M_GOOD" "$M_LIST" # a broken list rightly stops a start
    m_start
}

m_terminal_back() {
    local st
    st=$(tr '\n' ' ' <"$scratch/stty")
    [[ " $st " == *" icanon "* && " $st " == *" echo "* ]] || { m_failed "tty not restored: $st"; return 1; }
    [ "$(t display-message -p -t 0 '#{alternate_on}')" == 0 ] \
        || { m_failed "still on the alternate screen after exit"; return 1; }
    [ "$(t display-message -p -t 0 '#{mouse_any_flag}')" == 0 ] \
        || { m_failed "mouse reporting left on after exit"; return 1; }
}

m_start() {
    M_QUIT_SENT=0
    rm -f "$scratch/realpid" "$scratch/fg"
    local real=$PAPERDECK
    # as the foreground job of a job-control shell, a SIGTSTP really stops
    # it (in the pane's orphaned process group it would not)
    [ "$M_JOB" = 1 ] && PAPERDECK=$scratch/jobshell
    start -w "$M_W" -h "$M_H" -t "$M_TERM" -e BROWSER="$scratch/bin/recorder" -e DISPLAY=:0 \
        -e WAYLAND_DISPLAY= -e "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$M_SAN/asan" \
        -e "UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$M_SAN/ubsan" \
        -e "LSAN_OPTIONS=suppressions=$SOURCE_DIR/tests/e2e/lsan.supp:print_suppressions=0" \
        "${M_ENV[@]}" -- "$M_LIST"
    PAPERDECK=$real
    [ "$M_JOB" = 1 ] && wait_file "$scratch/realpid"
    # the first frame: curses is up (the alternate screen), or it ended at
    # once (a broken list left from a run before). Under valgrind that takes
    # seconds: steps sent before would find no browser (keys echoed by the
    # tty, the list changed before it was read).
    local i
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [ "$(t display-message -p -t 0 '#{alternate_on}' 2>/dev/null)" == 1 ] && break
        m_alive || break
        sleep 0.05
    done
    sleep 0.3
}

# --- one run ---------------------------------------------------------------

# monkey_run SEED STEPS: one seeded run; returns non-zero when it failed.
monkey_run() {
    M_SEED=$1 M_STEPS=$2 M_FAILED=0 M_LOG= M_CHECK=0
    RANDOM=$M_SEED
    rm -rf "$M_SAN"
    mkdir -p "$M_SAN"
    # the list: the small one, or a long one that loads head first (slowly,
    # so that changes land while it loads)
    M_ENV=()
    roll 3
    if [ $R -eq 0 ]; then
        M_KIND=big M_GOOD=$M_BIG M_OTHER=$M_SMALL
        roll 1500
        M_ENV+=(-e PAPERDECK_TEST_SLOW_LOAD=$((R + 100)) -e PAPERDECK_CACHE=off)
    else
        M_KIND=small M_GOOD=$M_SMALL M_OTHER=$M_BIG_SMALL
    fi
    M_LIST=$scratch/list.yaml
    cp "$M_GOOD" "$M_LIST"
    pick tmux-256color xterm-256color screen xterm
    M_TERM=$R_PICK
    infocmp "$M_TERM" >/dev/null 2>&1 || M_TERM=$term_256
    roll 120; M_W=$((40 + R))
    roll 40; M_H=$((10 + R))
    roll 2; M_JOB=$((R == 0 ? 1 : 0))
    m_start
    for ((M_STEP = 1; M_STEP <= M_STEPS && M_FAILED == 0; M_STEP++)); do
        roll 100
        if [ $R -lt 42 ]; then step_key
        elif [ $R -lt 56 ]; then step_prompt
        elif [ $R -lt 63 ]; then step_escape
        elif [ $R -lt 73 ]; then step_mouse
        elif [ $R -lt 82 ]; then step_resize
        elif [ $R -lt 91 ]; then step_file
        else step_signals
        fi
        local report
        if report=$(m_sanitizer_report); then
            m_failed "sanitizer report: $report"
            break
        fi
        if ! m_alive; then
            sleep 0.1 # the pane's last words
            m_after_exit
            continue
        fi
        if [ $M_CHECK = 1 ] || [ $((M_STEP % 10)) -eq 0 ]; then
            M_CHECK=0
            local why
            why=$(m_frame_problem)
            # after a quit key it may be on its way out (a sanitizer's
            # leak check at exit takes a while)
            [ -n "$why" ] && [ "$M_QUIT_SENT" = 1 ] && wait_exit
            if ! m_alive; then
                m_after_exit
            elif [ -n "$why" ]; then
                m_failed "bad frame: $why"
            fi
        fi
    done
    [ $M_FAILED = 0 ] && monkey_finish
    [ -n "${MONKEY_VERBOSE:-}" ] && printf 'seed %s (%s, %s, job %s):%s\n' "$M_SEED" "$M_TERM" "$M_KIND" "$M_JOB" "$M_LOG" >&2
    t kill-server 2>/dev/null
    [ $M_FAILED = 0 ]
}

# The end of a run: the list back, a usual size, every overlay and the
# prompt closed; then q must quit and give the terminal back.
monkey_finish() {
    M_STEP=end
    cp "$M_GOOD" "$M_LIST"
    M_W=100 M_H=30
    t resize-window -t 0 -x "$M_W" -y "$M_H" 2>/dev/null
    m_continue
    local i
    for i in 1 2 3; do
        send_key Escape
        sleep 0.1
    done
    if ! m_alive; then
        m_after_exit || return
    fi
    local why
    why=$(m_frame_problem)
    [ -n "$why" ] && { m_failed "bad frame at the end: $why"; return; }
    send_key lit:q
    if ! wait_exit; then
        m_failed "q did not quit"
        return
    fi
    [ "$rc" == 0 ] || { m_failed "q quit with status $rc"; return; }
    m_terminal_back || return
    [[ "$(screen)" == *PAPERDECK-EXITED* ]] || { m_failed "the shell's output does not show after exit"; return; }
    local report
    if report=$(m_sanitizer_report); then
        m_failed "sanitizer report: $report"
        return
    fi
    # the browser ran is the recorder, with links only
    if [ -s "$scratch/opened" ] && grep -qvE '^(https?://|END$)' "$scratch/opened"; then
        m_failed "the browser was asked to open: $(grep -vE '^(https?://|END$)' "$scratch/opened" | head -3)"
    fi
}

# monkey_setup: the lists and the recorder standing in for the browser.
monkey_setup() {
    M_SAN=$scratch/sanitizer
    M_SMALL=$SOURCE_DIR/data/efficiency.yaml
    M_BIG=$scratch/big.yaml
    M_BIG_SMALL=$SOURCE_DIR/tests/e2e/fixtures/odd.yaml
    big_list 5000 "$M_BIG"
    mkdir -p "$scratch/bin"
    cat >"$scratch/bin/recorder" <<EOF
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done >> "$scratch/opened"
EOF
    chmod +x "$scratch/bin/recorder"
    # the job-control shell of test_job_control.sh (jobshell.pl): touching
    # $scratch/fg is its `fg`
    cat >"$scratch/jobshell" <<EOF
#!/bin/sh
exec perl "$SOURCE_DIR/tests/e2e/jobshell.pl" "$scratch/realpid" "$scratch/fg" "$PAPERDECK" "\$@"
EOF
    chmod +x "$scratch/jobshell"
}
