#!/usr/bin/env python3
"""ui_time.py: wall time of the terminal UI, measured from outside.

    bench/ui_time.py [--runs N] PAPERDECK [FILE]

Starts PAPERDECK [FILE] on a pseudo-terminal (120x35, TERM=xterm-256color)
N times and reports the median and worst of:
  first byte   fork+exec to the first byte the program writes
  first frame  fork+exec to the first full frame: the moment the status
               line's "shown/total" count has been written (the table and
               the category pane are drawn before it in the same frame)
Nothing is mocked: this is what a terminal sees, including the pty round
trip (~0.1 ms). Per-key times, against fzy and fzf: bench/keys.py.
"""
import os, pty, re, select, struct, sys, time, fcntl, termios, signal, statistics

COUNT = re.compile(rb"(\d+)/(\d+)")
def spawn(argv):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("NO_COLOR", None)
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 35, 120, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    return pid, fd

def read_until(fd, pattern, t0, timeout=120.0, buf=b""):
    first = None
    while True:
        left = timeout - (time.perf_counter() - t0)
        if left <= 0:
            return None, first, buf
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return None, first, buf
        if first is None:
            first = time.perf_counter() - t0
        buf += chunk
        m = pattern.search(buf)
        if m:
            return time.perf_counter() - t0, first, buf[m.end():]

def quiet(fd, ms=50):
    """Reads until nothing came for ms; returns when the last byte came."""
    last = time.perf_counter()
    while True:
        r, _, _ = select.select([fd], [], [], ms / 1000)
        if not r:
            return last
        try:
            os.read(fd, 65536)
        except OSError:
            return last
        last = time.perf_counter()

def stop(pid, fd):
    try:
        os.write(fd, b"\x1bq")
        time.sleep(0.05)
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)

def main():
    args = sys.argv[1:]
    runs = 5
    while args and args[0].startswith("--"):
        if args[0] == "--runs":
            runs = int(args[1]); args = args[2:]
        else:
            sys.exit(__doc__)
    if not args:
        sys.exit(__doc__)
    argv = [os.path.abspath(args[0])] + args[1:]
    firsts, frames = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        pid, fd = spawn(argv)
        frame, first, rest = read_until(fd, COUNT, t0)
        if frame is None:
            stop(pid, fd)
            sys.exit("ui_time: no status count seen")
        firsts.append(first * 1e3)
        frames.append(frame * 1e3)
        quiet(fd)
        stop(pid, fd)
    def stat(xs):
        return "median %8.1f ms   worst %8.1f ms" % (statistics.median(xs), max(xs))
    print("%s %s, %d runs" % (os.path.basename(argv[0]), " ".join(args[1:]) or "(embedded list)", runs))
    print("  first byte   " + stat(firsts))
    print("  first frame  " + stat(frames))

if __name__ == "__main__":
    main()
