# lib.sh: start and stop the fixture web server (fixture_server.py) for a
# network test. Source it, then:
#   fixture_start ROOT   serves ROOT on 127.0.0.1; sets FIXTURE_URL
#                        (http://127.0.0.1:PORT), FIXTURE_LOG (one JSON line per
#                        request) and FIXTURE_PID; stopped on exit
#   fixture_stop         stops it (to test what happens offline)
fixture_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fixture_start() {
    local root=$1 state
    state=$(mktemp -d /tmp/paperdeck-fixture.XXXXXX)
    FIXTURE_LOG=$state/log
    python3 "$fixture_dir/fixture_server.py" --root "$root" --port-file "$state/port" \
        --log "$FIXTURE_LOG" &
    FIXTURE_PID=$!
    for _ in $(seq 200); do
        [ -s "$state/port" ] && break
        sleep 0.05
    done
    [ -s "$state/port" ] || { echo "fixture server did not start" >&2; return 1; }
    FIXTURE_URL=http://127.0.0.1:$(cat "$state/port")
    # stopped on exit, after whatever the test already traps
    local prev
    prev=$(trap -p EXIT | sed "s/^trap -- '//;s/' EXIT\$//")
    trap "fixture_stop; $prev" EXIT
}

fixture_stop() {
    if [ -n "${FIXTURE_PID:-}" ]; then
        kill "$FIXTURE_PID" 2>/dev/null
        wait "$FIXTURE_PID" 2>/dev/null || true # killed: not a failure under set -e
        FIXTURE_PID=
    fi
}
