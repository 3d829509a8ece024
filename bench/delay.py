#!/usr/bin/python3
"""delay.py MS CMD...: runs CMD on a pseudo-terminal of its own and hands it each
byte typed on this terminal MS milliseconds late; its output passes at once.

keys.py --self-test runs a program through it to check that the harness
reports each key about MS ms slower: the key time is decided by what the
screen shows, not by when the output goes quiet. CMD gets this terminal's
size; a stdin that is not a terminal (fzf's and fzy's list) is handed down.
"""
import fcntl
import os
import select
import sys
import termios
import time
import tty


def main():
    delay = float(sys.argv[1]) / 1000
    argv = sys.argv[2:]
    tty_fd = os.open("/dev/tty", os.O_RDWR)
    size = fcntl.ioctl(tty_fd, termios.TIOCGWINSZ, b"\0" * 8)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, size)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        if os.isatty(0):
            os.dup2(slave, 0)
        os.dup2(slave, 1)
        os.dup2(slave, 2)
        for fd in (slave, master, tty_fd):
            os.close(fd)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    os.close(slave)
    tty.setraw(tty_fd)  # bytes pass unchanged both ways
    pending = []  # (due time, bytes), in order
    while True:
        timeout = max(pending[0][0] - time.monotonic(), 0) if pending else None
        ready, _, _ = select.select([tty_fd, master], [], [], timeout)
        if master in ready:
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                data = b""
            if not data:
                break
            os.write(tty_fd, data)
        if tty_fd in ready:
            data = os.read(tty_fd, 1 << 16)
            if not data:
                break
            pending.append((time.monotonic() + delay, data))
        while pending and pending[0][0] <= time.monotonic():
            os.write(master, pending.pop(0)[1])
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
