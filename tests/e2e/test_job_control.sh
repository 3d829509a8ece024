#!/usr/bin/env bash
# Job control from outside: a SIGTSTP that is not the Ctrl-Z key (kill
# -TSTP, a job-control shell, a session manager), arriving while paperdeck
# starts or draws, stops it as Ctrl-Z does; a resize while it is stopped and
# `fg` bring it back drawn for the new size, with no crash and no sanitizer
# report (ncurses' own SIGTSTP handler redrew inside the signal handler, in
# the middle of newwin/wresize). Without job control it runs on.
. "$(dirname "$0")/lib.sh"

san=$scratch/sanitizer
mkdir -p "$san"
san_env=(-e "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$san/asan"
    -e "UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$san/ubsan")

# paperdeck as the foreground job of a job-control shell (jobshell.pl): a
# SIGTSTP stops it, and touching $scratch/fg continues it as `fg` does.
cat >"$scratch/jobshell" <<EOF
#!/bin/sh
exec perl "$SOURCE_DIR/tests/e2e/jobshell.pl" "$scratch/realpid" "$scratch/fg" "$PAPERDECK" "\$@"
EOF
chmod +x "$scratch/jobshell"
real_paperdeck=$PAPERDECK
# start_job ARGS: start, with paperdeck the job shell's foreground job.
start_job() {
    rm -f "$scratch/realpid" "$scratch/fg"
    PAPERDECK=$scratch/jobshell
    start "$@"
    PAPERDECK=$real_paperdeck
    wait_file "$scratch/realpid"
}
job_pid() { cat "$scratch/realpid" 2>/dev/null; }
state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null; }
# wait_state PID S: the process's state becomes S (T: stopped).
wait_state() {
    local i
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [ "$(state "$1")" == "$2" ] && return 0
        sleep 0.05
    done
    return 1
}
# wait_continued PID: `fg` has been taken (the process is no longer stopped).
# A SIGTSTP sent before the SIGCONT lands would be discarded by it, as POSIX
# has a SIGCONT discard pending stop signals.
wait_continued() {
    local i
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        [ -e "$scratch/fg" ] || { [ "$(state "$1")" != T ] && return 0; }
        sleep 0.05
    done
    return 1
}
expect_no_sanitizer_report() {
    local f
    for f in "$san"/*; do
        [ -s "$f" ] && { fail "sanitizer report: $(cat "$f")"; return; }
    done
    pass
}

# SIGTSTP during start-up, a resize while stopped, fg, a key.
for round in 1 2 3 4; do
    start_job "${san_env[@]}"
    kill -TSTP "$(job_pid)"
    wait_state "$(job_pid)" T && pass || fail "round $round: SIGTSTP did not stop paperdeck"
    t resize-window -t 0 -x $((90 + round)) -y $((25 + round))
    touch "$scratch/fg"
    keys j
    expect_screen " 2/25 "
    # drawn for the new size: the status line ends one column from the edge
    expect_status_width $((90 + round))
    keys q
    expect_exit 0
    expect_no_sanitizer_report
done

# While it draws: keys that lay the screen out again (new windows) flood in
# on a big pane, SIGTSTP, a resize, fg, again and again.
start_job -w 250 -h 80 "${san_env[@]}"
expect_count 25
for round in $(seq 1 30); do
    keys c d c d c d j k c d G g
    kill -TSTP "$(job_pid)"
    wait_state "$(job_pid)" T || { fail "round $round: not stopped: $(screen)"; break; }
    t resize-window -t 0 -x $((100 + round * 5)) -y $((30 + round))
    touch "$scratch/fg"
    wait_continued "$(job_pid)" || { fail "round $round: not continued"; break; }
done
# running, and drawn for the last size
wait_state "$(job_pid)" S
expect_status_width 250
keys q
expect_exit 0
expect_no_sanitizer_report

# SIGTSTP and SIGCONT at once without job control (the pane's orphaned
# process group, where a stop is not made): paperdeck runs on.
start "${san_env[@]}"
expect_count 25
for round in 1 2 3 4 5 6 7 8; do
    kill -TSTP "$(paperdeck_pid)"
    kill -CONT "$(paperdeck_pid)"
    sleep 0.1
done
keys j
expect_screen " 2/25 "
keys q
expect_exit 0
expect_no_sanitizer_report

finish
