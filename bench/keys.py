#!/usr/bin/python3
"""keys.py: what a user feels per key, paperdeck's browser against interactive fzy and fzf.

    /usr/bin/python3 bench/keys.py [--build DIR] [--data DIR] [--quiet MS]
                                   [--held | --no-held] [--only PROG,...] [SIZE...]

For each SIZE (default 10000 100000 1000000) it writes (or reuses) a list with
paperdeck-gen (the YAML for paperdeck, the same titles one a line for fzy and
fzf), then starts each program on its own pseudo-terminal of 120x35
(TERM=xterm-256color) whose output feeds a terminal emulator (pyte, a Debian
module: run with /usr/bin/python3), waits until the whole list is loaded, and
types each query letter by letter. A key's time runs from writing it to the
last byte the program wrote before the SCREEN showed that prefix's final
result and the output stayed quiet for --quiet ms (default 100):

  paperdeck  the status line's count is the prefix's match count over the
             whole list (from `paperdeck-bench --counts`, the core's own
             index_search; a prefix that does not compile, such as `/^sp`,
             keeps the previous count, as the browser does) and the prompt
             line is `/PREFIX` with the cursor after it;
  fzf        its counter `N/M` is the prefix's count (`fzf --filter PREFIX |
             wc -l`) over M = all titles, and its prompt `> PREFIX` with the
             cursor after it;
  fzy        (no counter) its result lines are the first lines of
             `fzy -e PREFIX` and its prompt `> PREFIX` with the cursor after it.

A screen that only echoed the key is not done; nor is one that is quiet with
the previous prefix's result. paperdeck runs with PAPERDECK_CACHE=off and a
private XDG tree; fzy shows 33 lines (-l 33); fzf its defaults. Each query is
typed once per program (one run), in the same run for all three: medians and
worst per query, and the pass/fail of issue 15's targets.

--held (default at the largest size >= 1M, paperdeck only unless said) also
holds keys at 30 keys/s for about 3 s (typing and deleting words, then `j`),
then Down, Up, `/`, a letter, Esc and q, and reports the longest time the UI
took to show any key's effect (from writing the key to the first screen that
reflects it or a later key).
"""
import argparse
import fcntl
import os
import pty
import queue
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import pyte
except ImportError:
    sys.exit("keys.py: needs pyte (Debian: python3-pyte); run it with /usr/bin/python3")

W, H = 120, 35
FZY_LINES = H - 2
BS = "\x7f"
LOAD_TIMEOUT = 180.0
KEY_TIMEOUT = 10.0

# (name, paperdeck keys, fzf keys, fzy keys, note); None: no equivalent.
QUERIES = [
    ("lora", "lora", "lora", "lora", ""),
    ("linear attention", "linear attention", "linear attention", "linear attention", ""),
    ("efficient transformer", "efficient transformer", "efficient transformer",
     "efficient transformer", ""),
    ("zqxjv", "zqxjv", "zqxjv", "zqxjv", "no match"),
    ("sparse", "sparse", "sparse", "sparse", ""),
    ("at", "at", "at", "at", "short"),
    ("linear attx⌫ention", "linear attx" + BS + "ention", "linear attx" + BS + "ention",
     "linear attx" + BS + "ention", "typo, backspace"),
    ("efficient sparse attention for long context language models",
     "efficient sparse attention for long context language models",
     "efficient sparse attention for long context language models",
     "efficient sparse attention for long context language models", "long"),
    ("lora zq", "lora zq", "lora zq", "lora zq", "many, then none"),
    ("venue:iclr lora", "venue:iclr lora", None, None, "field term: no peer equivalent"),
    ("/^sparse/", "/^sparse/", "^sparse", None,
     "regex; fzf types its prefix-exact ^sparse, fzy has none"),
]
PROGS = ("paperdeck", "fzf", "fzy")
HELD_WORDS = ("lora", "sparse", "linear", "efficient", "attention", "quantization")


def now():
    return time.perf_counter()


def prefixes(keys):
    """The text after each key (a backspace removes the last character)."""
    out, text = [], ""
    for k in keys:
        text = text[:-1] if k == BS else text + k
        out.append(text)
    return out


# --- oracles ------------------------------------------------------------------


def pd_counts(bench, yaml, texts):
    """paperdeck's count for each text (None: does not compile)."""
    texts = sorted(set(texts))
    r = subprocess.run([bench, "--counts", yaml], input="".join(t + "\n" for t in texts),
                       capture_output=True, text=True, check=True)
    lines = r.stdout.split("\n")
    out = {}
    for t, line in zip(texts, lines):
        out[t] = None if line == "bad" else int(line.split()[-1])
    return out


def peer_oracle(prog, titles, texts):
    """fzf: count per text; fzy: its first FZY_LINES lines per text."""
    def one(t):
        with open(titles, "rb") as f:
            if prog == "fzf":
                r = subprocess.run(["fzf", "--filter", t], stdin=f, capture_output=True)
                return t, r.stdout.count(b"\n")
            r = subprocess.run(["fzy", "-e", t], stdin=f, capture_output=True)
            lines = r.stdout.decode().split("\n")[:-1]
            return t, lines[:FZY_LINES]
    with ThreadPoolExecutor(2) as ex:
        return dict(ex.map(one, sorted(set(texts))))


# --- a program on a pty feeding a screen ----------------------------------------


class Term:
    def __init__(self, argv, env, stdin_path=None):
        self.screen = pyte.Screen(W, H)
        self.stream = pyte.ByteStream(self.screen)
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", H, W, 0, 0))
                if stdin_path:
                    f = os.open(stdin_path, os.O_RDONLY)
                    os.dup2(f, 0)
                    os.close(f)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.alive = True
        self.last = now()
        # answers to device status reports (a cursor position query)
        self.screen.write_process_input = lambda s: os.write(fd, s.encode())
        # pyte takes a few microseconds a byte: a thread reads and stamps the
        # output as it comes, so the times are those of the bytes, not of
        # the emulator's progress
        self.chunks = queue.Queue()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                data = b""
            self.chunks.put((now(), data))
            if not data:
                return

    def read(self, timeout):
        """Feeds the next chunk that comes within timeout; True when one came.
        self.last is the time that chunk was read."""
        if not self.alive:
            return False
        try:
            t, data = self.chunks.get(timeout=max(timeout, 0))
        except queue.Empty:
            return False
        self.last = t
        if not data:
            self.alive = False
            return True
        self.stream.feed(data)
        return True

    def lines(self):
        return self.screen.display

    def cursor(self):
        return self.screen.cursor.y, self.screen.cursor.x

    def write(self, s):
        os.write(self.fd, s.encode())

    def wait(self, cond, quiet, timeout):
        """Reads until cond() holds and then quiet ms pass without output.
        Returns the time of the last byte before that quiet spell, or None."""
        deadline = now() + timeout
        ok = cond()
        while True:
            if ok:
                if not self.read(quiet / 1000):
                    return self.last
            else:
                left = deadline - now()
                if left <= 0 or not self.alive:
                    return None
                self.read(min(left, 0.5))
            ok = cond()

    def stop(self):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            for _ in range(50):
                if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                    self.alive = False
                    break
                time.sleep(0.02)
            if not self.alive:
                break
        try:
            os.close(self.fd)
        except OSError:
            pass

    def dump(self):
        return "\n".join(l.rstrip() for l in self.lines())


COUNT = re.compile(r"(\d+)/(\d+)  sort:")
FZF_COUNT = re.compile(r"^\s*(\d+)/(\d+)")
POS = re.compile(r"─ (\d+)/(\d+) ─")


class Paperdeck:
    name = "paperdeck"

    def __init__(self, binary, yaml, total, env):
        self.total = total
        self.t = Term([binary, yaml], env)

    def count(self):
        m = COUNT.search(self.t.lines()[0])
        return (int(m.group(1)), int(m.group(2))) if m else None

    def ready(self):
        return self.count() == (self.total, self.total) and not self.prompt_open()

    def prompt_open(self):
        return self.t.lines()[H - 1].startswith("/")

    def shows(self, text, count):
        """The prompt holds text (cursor after it) and the status line count."""
        line = self.t.lines()[H - 1]
        return (self.count() == (count, self.total) and line.startswith("/" + text)
                and line[1 + len(text):2 + len(text)] in (" ", "")
                and self.t.cursor() == (H - 1, 1 + len(text)))

    def begin(self, quiet):
        self.t.write("/")
        return self.t.wait(lambda: self.prompt_open() and self.t.cursor() == (H - 1, 1),
                           quiet, KEY_TIMEOUT)

    def end(self, quiet):
        self.t.write("\x1b")
        return self.t.wait(self.ready, quiet, KEY_TIMEOUT)


class Fzf:
    name = "fzf"

    def __init__(self, titles, total, env):
        self.total = total
        self.t = Term(["fzf"], env, titles)

    def count(self):
        m = FZF_COUNT.match(self.t.lines()[H - 2])
        return (int(m.group(1)), int(m.group(2))) if m else None

    def shows(self, text, count):
        return (self.count() == (count, self.total) and self.t.lines()[H - 1].startswith("> " + text)
                and self.t.cursor() == (H - 1, 2 + len(text)))

    def ready(self):
        return self.shows("", self.total)

    def begin(self, quiet):
        return now()

    def end(self, quiet):
        self.t.write("\x15")  # ctrl-u: clear the query
        return self.t.wait(self.ready, quiet, KEY_TIMEOUT)


class Fzy:
    name = "fzy"

    def __init__(self, titles, total, env, first):
        self.first = first  # the first lines of the input: the empty query's result
        self.t = Term(["fzy", "-l", str(FZY_LINES)], env, titles)

    def shows(self, text, rows):
        lines = self.t.lines()
        if not lines[0].startswith("> " + text) or self.t.cursor() != (0, 2 + len(text)):
            return False
        for i in range(FZY_LINES):
            got = lines[1 + i][:W - 2].rstrip()  # fzy may leave its own mark in the last columns
            want = rows[i] if i < len(rows) else ""
            if (got == "") != (want == "") or not want.startswith(got):
                return False
        return True

    def ready(self):
        return self.shows("", self.first)

    def begin(self, quiet):
        return now()

    def end(self, quiet):
        self.t.write("\x15")
        return self.t.wait(self.ready, quiet, KEY_TIMEOUT)


# --- typing ---------------------------------------------------------------------


def expected_states(prog, keys, oracle, total):
    """What the screen must show after each key: (text, count or rows)."""
    out = []
    last = total
    for text in prefixes(keys):
        want = oracle[text]
        if prog == "paperdeck":
            if want is None:  # does not compile: the browser keeps the previous matches
                want = last
            last = want
        out.append((text, want))
    return out


def type_query(p, keys, states, quiet, log):
    """Types keys one by one; per key the ms until the screen shows its state."""
    times = []
    for k, (text, want) in zip(keys, states):
        t0 = now()
        p.t.write(k)
        end = p.t.wait(lambda: p.shows(text, want), quiet, KEY_TIMEOUT)
        if end is None:
            log("  %s: key %r of %r: the screen never showed %r (want %s):\n%s"
                % (p.name, k, keys, text, want if isinstance(want, int) else "rows", p.t.dump()))
            times.append(None)
            p.t.wait(lambda: False, quiet, quiet / 1000)
            continue
        times.append((end - t0) * 1e3)
    return times


def held(p, keys, states, rate, log, reflect):
    """Writes keys at rate per second regardless of the screen; per key the ms
    from its write until the first screen that shows its state or a later
    key's (reflect(i) says whether the screen shows key i's state)."""
    n = len(keys)
    written = [None] * n
    answered = [None] * n
    nxt = 0  # first key not yet answered
    start = now()
    i = 0
    deadline = None
    while nxt < n:
        t = now()
        if i < n and t >= start + i / rate:
            written[i] = now()
            p.t.write(keys[i])
            i += 1
            if i == n:
                deadline = now() + KEY_TIMEOUT
            continue
        wait = (start + i / rate - t) if i < n else deadline - t
        if i == n and wait <= 0:
            break
        if not p.t.read(wait):
            continue
        for j in range(nxt, i):
            if reflect(j):
                for k in range(nxt, j + 1):
                    answered[k] = p.t.last
                nxt = j + 1
                break
    lat = []
    for j in range(n):
        if answered[j] is None:
            log("  %s held: key %d (%r) never answered:\n%s" % (p.name, j, keys[j], p.t.dump()))
            lat.append(None)
        else:
            lat.append((answered[j] - written[j]) * 1e3)
    return lat


# --- the run --------------------------------------------------------------------


def fmt(x):
    if x is None:
        return "n/a"
    if x == float("inf"):
        return "timeout"
    return "%.1f" % x if x >= 10 else "%.2f" % x


def stats(times):
    if not times:
        return None, None
    if any(t is None for t in times):
        return float("inf"), float("inf")
    return statistics.median(times), max(times)


def ensure_data(gen, data, n):
    yaml = os.path.join(data, "list-%d.yaml" % n)
    titles = os.path.join(data, "titles-%d.txt" % n)
    os.makedirs(data, exist_ok=True)
    stale = lambda f: not os.path.exists(f) or os.path.getmtime(f) < os.path.getmtime(gen)
    if stale(yaml) or stale(titles):
        print("generating %d entries into %s ..." % (n, data), file=sys.stderr)
        subprocess.run([gen, str(n), yaml, titles], check=True, stdout=subprocess.DEVNULL)
    return yaml, titles


def make_env(home):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FZF_", "PAPERDECK_", "XDG_")) and k not in ("NO_COLOR",)}
    env.update(TERM="xterm-256color", LC_ALL="C.UTF-8", PAPERDECK_CACHE="off",
               XDG_CONFIG_HOME=home + "/config", XDG_DATA_HOME=home + "/data",
               XDG_STATE_HOME=home + "/state", XDG_CACHE_HOME=home + "/cache")
    return env


def start(prog, args, yaml, titles, n, env, first, quiet, log):
    t0 = now()
    if prog == "paperdeck":
        p = Paperdeck(args.paperdeck, yaml, n, env)
    elif prog == "fzf":
        p = Fzf(titles, n, env)
    else:
        p = Fzy(titles, n, env, first)
    if p.t.wait(p.ready, max(quiet, 300), LOAD_TIMEOUT) is None:
        log("%s did not load %d entries:\n%s" % (prog, n, p.t.dump()))
        p.t.stop()
        return None, None
    return p, (now() - t0) * 1e3


def run_size(args, n, log):
    yaml, titles = ensure_data(args.gen, args.data, n)
    print("size %d: oracles ..." % n, file=sys.stderr)
    texts = {prog: [] for prog in PROGS}
    for q in QUERIES:
        for prog, keys in zip(PROGS, q[1:4]):
            if keys is not None:
                texts[prog] += prefixes(keys)
    held_keys = "".join(w + BS * len(w) for w in HELD_WORDS)
    texts["paperdeck"] += prefixes(held_keys) + ["l"]
    oracle = {}
    if "paperdeck" in args.only:
        oracle["paperdeck"] = pd_counts(args.bench, yaml, texts["paperdeck"])
    for prog in ("fzf", "fzy"):
        if prog in args.only:
            oracle[prog] = peer_oracle(prog, titles, texts[prog])
    with open(titles) as f:
        first = [next(f).rstrip("\n") for _ in range(min(FZY_LINES, n))]
    env = make_env(args.home)
    results = {}  # (query, prog) -> times
    loads = {}
    for prog in PROGS:
        if prog not in args.only:
            continue
        print("size %d: %s ..." % (n, prog), file=sys.stderr)
        p, load_ms = start(prog, args, yaml, titles, n, env, first, args.quiet, log)
        if p is None:
            continue
        loads[prog] = load_ms
        for q in QUERIES:
            keys = q[1 + PROGS.index(prog)]
            if keys is None:
                continue
            states = expected_states(prog, keys, oracle[prog], n)
            if p.begin(args.quiet) is None:
                log("%s: the query prompt did not open:\n%s" % (prog, p.t.dump()))
                break
            results[(q[0], prog)] = type_query(p, keys, states, args.quiet, log)
            if p.end(args.quiet) is None:
                log("%s: clearing %r did not bring the whole list back:\n%s"
                    % (prog, q[0], p.t.dump()))
                break
        p.t.stop()
    return results, loads, oracle, yaml, held_keys


def held_test(args, n, yaml, oracle, held_keys, log):
    """paperdeck at size n: typing and deleting words, then j, held at 30 keys/s;
    then Down, Up, /, l, Esc, q. Returns rows (what, keys, median, worst)."""
    env = make_env(args.home)
    p, _ = start("paperdeck", args, yaml, None, n, env, None, args.quiet, log)
    if p is None:
        return []
    rows = []
    counts = oracle["paperdeck"]
    states = expected_states("paperdeck", held_keys, counts, n)
    p.begin(args.quiet)
    lat = held(p, held_keys, states, 30.0, log, lambda j: p.shows(*states[j]))
    rows.append(("type and delete words, 30 keys/s", len(held_keys), lat))
    p.end(args.quiet)
    p.t.wait(lambda: False, 300, 0.3)

    def pos():
        m = POS.search(p.t.dump())
        return int(m.group(1)) if m else 0
    base = pos()
    nj = 90
    lat = held(p, "j" * nj, None, 30.0, log, lambda j: pos() >= base + j + 1)
    rows.append(("j held, 30 keys/s", nj, lat))
    p.t.wait(lambda: False, 300, 0.3)
    where = pos()
    single = []

    def one(label, key, cond):
        t0 = now()
        p.t.write(key)
        end = p.t.wait(cond, 0, KEY_TIMEOUT)
        if end is None:
            log("  held: %s never answered:\n%s" % (label, p.t.dump()))
        single.append((label, None if end is None else (end - t0) * 1e3))
    # xterm in keypad (application) mode, as ncurses sets it: ESC O B, not ESC [ B
    one("Down", "\x1bOB", lambda: pos() == where + 1)
    one("Up", "\x1bOA", lambda: pos() == where)
    one("/", "/", lambda: p.prompt_open() and p.t.cursor() == (H - 1, 1))
    one("l", "l", lambda: p.shows("l", counts["l"]))
    one("Esc", "\x1b", p.ready)
    one("q", "q", lambda: not p.t.alive or p.t.lines()[0].strip() == "")
    p.t.stop()
    rows.append(("Down, Up, /, l, Esc, q (each alone)", len(single),
                 [ms for _, ms in single]))
    return rows, single


def main():
    sys.setswitchinterval(1e-4)  # the reader thread stamps bytes promptly
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int)
    ap.add_argument("--build", default=os.environ.get("BUILD_DIR", os.path.join(here, "..", "build")))
    ap.add_argument("--paperdeck", help="the binary (default BUILD/paperdeck)")
    ap.add_argument("--data", help="generated lists (default BUILD/bench-data)")
    ap.add_argument("--quiet", type=float, default=100, help="ms of silence that ends a key")
    ap.add_argument("--held", action="store_true", help="the held-key test at every size")
    ap.add_argument("--no-held", action="store_true")
    ap.add_argument("--only", default=",".join(PROGS), help="programs, comma-separated")
    args = ap.parse_args()
    args.sizes = args.sizes or [10000, 100000, 1000000]
    args.paperdeck = os.path.abspath(args.paperdeck or os.path.join(args.build, "paperdeck"))
    args.gen = os.path.join(args.build, "bench", "paperdeck-gen")
    args.bench = os.path.join(args.build, "bench", "paperdeck-bench")
    args.data = args.data or os.path.join(args.build, "bench-data")
    args.only = args.only.split(",")
    for b in (args.paperdeck, args.gen, args.bench):
        if not os.access(b, os.X_OK):
            sys.exit("keys.py: %s is missing: build first" % b)
    for prog in ("fzf", "fzy"):
        if prog in args.only and subprocess.run(["sh", "-c", "command -v " + prog],
                                                capture_output=True).returncode:
            print("keys.py: %s is not installed: n/a" % prog, file=sys.stderr)
            args.only.remove(prog)
    problems = []
    log = lambda s: (problems.append(s), print(s, file=sys.stderr))

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.split("\n")[0]
        except OSError:
            return "?"
    print("# paperdeck per-key latency vs fzy and fzf (bench/keys.py)\n")
    print("- %s; paperdeck %s; fzf %s; %s" % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
          version([args.paperdeck, "--version"]), version(["fzf", "--version"]),
          version(["fzy", "--version"])))
    print("- nproc %d, load average before: %s" % (os.cpu_count(), open("/proc/loadavg").read().split()[:3]))
    print("- pty %dx%d, pyte screen; a key = write until the screen shows the prefix's final "
          "result, then %g ms quiet; one run; ms" % (W, H, args.quiet))
    all_rows = []
    with tempfile.TemporaryDirectory() as home:
        args.home = home
        for n in args.sizes:
            results, loads, oracle, yaml, held_keys = run_size(args, n, log)
            all_rows.append((n, results, loads))
            print_tables([(n, results, loads)])  # each size as it is done
            sys.stdout.flush()
            do_held = (args.held or (n >= 1000000 and n == max(args.sizes))) and not args.no_held
            if do_held and "paperdeck" in args.only:
                print("size %d: held keys ..." % n, file=sys.stderr)
                rows, single = held_test(args, n, yaml, oracle, held_keys, log)
                print("\n## Held keys, paperdeck, %d entries\n" % n)
                print("| keys | n | median | worst (longest answer) |\n|---|---:|---:|---:|")
                worst_all = 0
                for what, k, lat in rows:
                    m, w = stats(lat)
                    worst_all = max(worst_all, w if w is not None else 0)
                    print("| %s | %d | %s | %s |" % (what, k, fmt(m), fmt(w)))
                print("\nEach alone: " + ", ".join("%s %s" % (l, fmt(ms)) for l, ms in single))
                print("\nLongest time the UI took to answer any key: **%s ms** (1M target for a"
                      " typed key: worst <= 35 ms: %s)" % (fmt(worst_all),
                      "PASS" if worst_all <= 35 else "FAIL"))
    print("\nload average after: %s" % open("/proc/loadavg").read().split()[:3])
    if problems:
        print("\n%d problem(s) (details on stderr): keys never answered count as timeout"
              % len(problems))
    return 1 if problems else 0


def print_tables(all_rows):
    print("\n## Per key, %s entries, median / worst (ms)\n" % ", ".join(str(r[0]) for r in all_rows))
    print("| entries | query | keys | paperdeck | fzf | fzy | pd / faster peer | "
          "target: median | target: worst <= 2x median | target: 1M |")
    print("|---:|---|---:|---:|---:|---:|---:|---|---|---|")
    verdicts = []
    for n, results, loads in all_rows:
        for q in QUERIES:
            cells, med = [], {}
            for prog in PROGS:
                times = results.get((q[0], prog))
                m, w = stats(times or [])
                med[prog] = m
                cells.append("n/a" if m is None else "%s / %s" % (fmt(m), fmt(w)))
                if prog == "paperdeck":
                    pd_m, pd_w = m, w
            peers = [med[p] for p in ("fzf", "fzy") if med[p] is not None]
            fast = min(peers) if peers else None
            t1 = t2 = t3 = "n/a"
            ratio = "n/a"
            if pd_m is not None:
                if fast is not None and fast != float("inf"):
                    ok = pd_m <= fast / 3 or (fast < 6 and pd_m <= 2)
                    t1 = "PASS" if ok else "FAIL"
                    ratio = "%.2f" % (pd_m / fast) if fast > 0 else "n/a"
                t2 = "PASS" if pd_w <= 2 * pd_m else "FAIL"
                if n >= 1000000:
                    t3 = "PASS" if pd_m <= 16 and pd_w <= 35 else "FAIL"
                verdicts += [t for t in (t1, t2, t3) if t != "n/a"]
            keys = len(q[1]) if q[1] else 0
            print("| %d | %s%s | %d | %s | %s | %s | %s | %s | %s | %s |"
                  % (n, q[0].replace("|", "\\|"), " (%s)" % q[4] if q[4] else "", keys,
                     cells[0], cells[1], cells[2], ratio, t1, t2, t3))
    print("\nWhole list loaded (start to the full count on screen, ms): " + "; ".join(
        "%d: %s" % (n, ", ".join("%s %.0f" % (p, loads[p]) for p in PROGS if p in loads))
        for n, _, loads in all_rows))
    print("\nTargets (issue 15): median: paperdeck's median <= 1/3 of the faster peer's, or <= 2 ms"
          " where that peer is under 6 ms; worst <= 2x paperdeck's median; 1M: median <= 16 ms"
          " and worst <= 35 ms. %d PASS, %d FAIL." % (verdicts.count("PASS"), verdicts.count("FAIL")))


if __name__ == "__main__":
    sys.exit(main())
