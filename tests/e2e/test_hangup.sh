#!/usr/bin/env bash
# Hangup without SIGHUP: when the terminal paperdeck reads its keys from goes
# away and no SIGHUP reaches it (it is not in the terminal's foreground
# process group: started by a session manager, setsid, a dying multiplexer),
# every read sees end of file. paperdeck must then quit (status 129, as for
# SIGHUP), not spin on the dead terminal for ever.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || { fail "python3 is needed"; finish; }
result=$(python3 - "$PAPERDECK" <<'PY'
import os, pty, subprocess, sys, time
master, slave = pty.openpty()
env = dict(os.environ, TERM="xterm-256color")
# a new session: the pty is not its controlling terminal, so closing the
# master sends it no SIGHUP
p = subprocess.Popen([sys.argv[1]], stdin=slave, stdout=slave, stderr=slave,
                     start_new_session=True, env=env)
os.close(slave)
deadline = time.time() + 10
seen = b""
while time.time() < deadline and b"25/25" not in seen:
    try:
        seen += os.read(master, 65536)
    except OSError:
        break
if b"25/25" not in seen:
    p.kill(); print("not started"); sys.exit()
os.close(master)
try:
    rc = p.wait(timeout=5)
    print("exit", rc)
except subprocess.TimeoutExpired:
    p.kill()
    print("still running 5 s after the terminal went away")
PY
)
expect_eq "$result" "exit 129"
finish
