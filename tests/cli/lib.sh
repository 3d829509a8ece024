# lib.sh: assertions for the command-line tests. Source it, call the
# expect_* helpers, end with `finish`, which prints "N passed, N failed" and
# gives the exit status. Needs PAPERDECK (the binary) and SOURCE_DIR.
set -u
: "${PAPERDECK:?PAPERDECK must name the paperdeck binary}"
: "${SOURCE_DIR:?SOURCE_DIR must name the source tree}"
passed=0
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export NO_COLOR= LC_ALL=C.UTF-8
# The user's own marks never leak into a test.
export XDG_STATE_HOME="$scratch/state"
unset PAPERDECK_STATE_DIR
# Nor the user's settings and lists: no FILE means the built-in list.
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
unset PAPERDECK_CONFIG PAPERDECK_WATCH_STAT
# Caches of big lists go to the scratch directory too.
export XDG_CACHE_HOME="$scratch/cache"
unset PAPERDECK_CACHE
# fetch never reaches the real arXiv: a closed loopback port refuses at once.
export PAPERDECK_ARXIV_URL=http://127.0.0.1:9/no-arxiv-in-tests

fail() {
    failed=$((failed + 1))
    # called from an expect_* helper, or straight from the test script
    local src=${BASH_SOURCE[2]:-${BASH_SOURCE[1]}}
    printf 'FAILED (%s:%s): %s\n' "${src##*/}" "${BASH_LINENO[1]:-${BASH_LINENO[0]}}" "$*" >&2
}
pass() { passed=$((passed + 1)); }

# run CMD...: runs it, keeping stdout in $out, stderr in $err, status in $status.
run() {
    set +e
    "$@" >"$scratch/out" 2>"$scratch/err"
    status=$?
    set -e
    out=$(cat "$scratch/out")
    err=$(cat "$scratch/err")
}

# tty_list COLUMNS ARGS...: `paperdeck list ARGS` on a pseudo-terminal
# (script(1)) that has no size, so COLUMNS gives the width; colours taken
# out of $out.
tty_list() {
    local cols=$1 cmd
    shift
    printf -v cmd '%q ' timeout "${LIMIT:-60}" "$PAPERDECK" list "$@"
    run env COLUMNS="$cols" script -qec "$cmd" /dev/null </dev/null
    out=$(printf '%s' "$out" | sed $'s/\x1b\\[[0-9;]*m//g; s/\r$//')
}

expect_status() { [ "$status" -eq "$1" ] && pass || fail "exit status $status, expected $1 (stderr: ${err:0:300})"; }
expect_eq() { [ "$1" == "$2" ] && pass || fail "got [$1], expected [$2]"; }
expect_contains() { [[ "$1" == *"$2"* ]] && pass || fail "[${1:0:400}] does not contain [$2]"; }
expect_not_contains() { [[ "$1" != *"$2"* ]] && pass || fail "[${1:0:400}] contains [$2]"; }
# expect_lines TEXT N: TEXT has N lines.
expect_lines() {
    local n
    n=$(printf '%s' "$1" | grep -c '' || true)
    [ "$n" -eq "$2" ] && pass || fail "$n lines, expected $2"
}

finish() {
    printf '%d passed, %d failed\n' "$passed" "$failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
