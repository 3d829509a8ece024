#!/usr/bin/env bash
# The monkey: seeded random steps against the real binary in a tmux pane
# (keys from the whole keymap, filter text with UTF-8, escape sequences, SGR
# mouse reports, resizes from 1x1 to 300x100, the list file changed under it,
# SIGWINCH/SIGCONT/SIGTSTP storms), asserting no crash, no sanitizer report
# (run it on the ASan+UBSan build), a sane frame, q quits, the terminal comes
# back. See monkey.sh.
#
#   MONKEY_RUNS=N     runs (default 3), seeds MONKEY_SEED_BASE+1 .. +N
#   MONKEY_STEPS=N    steps a run (default 40)
#   MONKEY_SEED=S     one run with seed S (replays a failure)
#   MONKEY_SEED_BASE  (default 0)
# A long run:  MONKEY_RUNS=40 MONKEY_STEPS=1000 ctest --test-dir build-asan -R monkey
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/monkey.sh"

# Under valgrind (scripts/valgrind.sh) one short run: the memory checks of
# the random paths, at valgrind's pace; the plain and ASan runs do the rest.
if [ -n "${PAPERDECK_UNDER_VALGRIND:-}" ]; then
    runs=${MONKEY_RUNS:-1}
    steps=${MONKEY_STEPS:-15}
else
    runs=${MONKEY_RUNS:-3}
    steps=${MONKEY_STEPS:-40}
fi
base=${MONKEY_SEED_BASE:-0}
monkey_setup
seeds=()
if [ -n "${MONKEY_SEED:-}" ]; then
    seeds=("$MONKEY_SEED")
else
    for ((i = 1; i <= runs; i++)); do seeds+=($((base + i))); done
fi
bad=()
for seed in "${seeds[@]}"; do
    if monkey_run "$seed" "$steps"; then
        pass
    else
        bad+=("$seed")
    fi
done
printf 'monkey: %d runs of %d steps, %d failed%s\n' "${#seeds[@]}" "$steps" "${#bad[@]}" \
    "${bad[*]:+ (seeds: ${bad[*]})}"
finish
