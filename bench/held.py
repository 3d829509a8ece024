#!/usr/bin/python3
"""held.py: the sort actions at a size, and how long the UI takes to answer
keys while sorts are cycled (issue 15: no action blocks the UI for more
than a frame at 1M; Esc, q and arrows answered within a frame while a key is
held at 30 keys/s).

    /usr/bin/python3 bench/held.py [--build DIR] [--paperdeck BIN] [--data DIR] [SIZE]

Uses keys.py's pty + pyte screen (120x35). SIZE defaults to 1000000. Once the
whole list is in:

 1. each sort action alone: `s` through the whole cycle (auto, order, title,
    venue, year, date, arxiv, section, auto), `S` and `S` again on each key;
    a key's time runs from writing it to the last byte before 50 ms of quiet
    once the status line names the new sort (and the program's CPU time
    meanwhile, which a busy machine does not inflate);
 2. `s` held at 30 keys/s for 3 s (90 keys): per key, the time to the first
    screen that names its sort or a later key's (keys.py's held());
 3. right after the held `s` keys: Down (the selected entry is another
    one: a re-sort keeps the selection on its entry, so only Down moves it),
    Up (back on it), `/`, `l` (the query's count, filtered and sorted by the
    last key), Esc (the whole list again), each alone;
 4. `s` held again, and q written among the held keys: the time until the
    program is gone (end of the pty).
It prints a markdown table: median and longest answer per part.
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keys  # noqa: E402

SORT = re.compile(r"sort: (\w+) (\S)( \(auto\))?")
CYCLE = ["order", "title", "venue", "year", "date", "arxiv", "section", "auto"]
QUIET = 50


def sort_label(p):
    m = SORT.search(p.t.lines()[0])
    if not m:
        return None
    return "auto" if m.group(3) else m.group(1) + (" desc" if m.group(2) in "▼v" else "")


def selected_title(p):
    """The detail pane's first line: the selected entry's title."""
    lines = p.t.lines()
    for i, line in enumerate(lines):
        x = line.find("├ Detail")
        if x >= 0 and i + 1 < len(lines):
            return lines[i + 1][x + 1:].strip("│ ")
    return None


def cpu_ms(p):
    """CPU time of every thread of the program so far (schedstat, ns)."""
    total = 0
    try:
        for task in os.listdir("/proc/%d/task" % p.t.pid):
            with open("/proc/%d/task/%s/schedstat" % (p.t.pid, task)) as f:
                total += int(f.read().split()[0])
    except OSError:
        pass
    return total / 1e6


def timed(p, key, cond, quiet=QUIET, cpu=None):
    t0, c0 = keys.now(), cpu_ms(p)
    p.t.write(key)
    end = p.t.wait(cond, quiet, keys.KEY_TIMEOUT)
    if cpu is not None:
        cpu.append(cpu_ms(p) - c0)
    return None if end is None else (end - t0) * 1e3


def main():
    sys.setswitchinterval(1e-4)
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("size", nargs="?", type=int, default=1000000)
    ap.add_argument("--build", default=os.environ.get("BUILD_DIR", os.path.join(here, "..", "build")))
    ap.add_argument("--paperdeck")
    ap.add_argument("--data")
    args = ap.parse_args()
    args.paperdeck = os.path.abspath(args.paperdeck or os.path.join(args.build, "paperdeck"))
    args.gen = os.path.join(args.build, "bench", "paperdeck-gen")
    args.bench = os.path.join(args.build, "bench", "paperdeck-bench")
    args.data = args.data or os.path.join(args.build, "bench-data")
    n = args.size
    yaml, _ = keys.ensure_data(args.gen, args.data, n)
    counts = keys.pd_counts(args.bench, yaml, ["l"])
    problems = []
    log = lambda s: (problems.append(s), print(s, file=sys.stderr))
    print("# held.py: sort actions and held keys, paperdeck, %d entries\n" % n)
    print("- %s; %s; load average before: %s" % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), args.paperdeck,
        open("/proc/loadavg").read().split()[:3]))
    rows = []
    with tempfile.TemporaryDirectory() as home:
        args.home = home
        env = keys.make_env(home)
        p, load_ms = keys.start("paperdeck", args, yaml, None, n, env, None, 100, log)
        if p is None:
            return 1
        p.t.wait(lambda: False, 300, 0.3)
        # 1. each action alone
        single, cpu = [], []
        for want in CYCLE:
            single.append(("s -> " + want, timed(p, "s", lambda: sort_label(p) == want, cpu=cpu)))
        for key in CYCLE[:-1]:
            timed(p, "s", lambda: sort_label(p) == key)
            for want in (key + " desc", key):
                single.append(("S -> " + want,
                               timed(p, "S", lambda: sort_label(p) == want, cpu=cpu)))
        timed(p, "s", lambda: sort_label(p) == "auto")
        print("\n## Each sort action alone (ms: wall, to the last byte of its frame; CPU of"
              " the program's threads meanwhile, from /proc/PID/task/*/schedstat)\n")
        print("| action | wall | cpu |\n|---|---:|---:|")
        for (label, ms), c in zip(single, cpu):
            print("| %s | %s | %s |" % (label, keys.fmt(ms), keys.fmt(c)))
        rows.append(("each sort action alone", [ms for _, ms in single]))
        # 2. s held
        title0 = selected_title(p)
        start = CYCLE.index("auto")
        labels = [CYCLE[(start + 1 + i) % len(CYCLE)] for i in range(90)]
        lat = keys.held(p, "s" * 90, None, 30.0, log, lambda j: sort_label(p) == labels[j])
        rows.append(("s held, 30 keys/s (90 keys)", lat))
        final = labels[-1]
        # 3. probes right after
        probes = [
            ("Down", "\x1bOB", lambda: sort_label(p) == final and selected_title(p) not in (None, title0)),
            ("Up", "\x1bOA", lambda: sort_label(p) == final and selected_title(p) == title0),
            ("/", "/", lambda: p.prompt_open() and p.t.cursor() == (keys.H - 1, 1)),
            ("l", "l", lambda: p.shows("l", counts["l"])),
            ("Esc", "\x1b", p.ready),
        ]
        answers = []
        for label, key, cond in probes:
            ms = timed(p, key, cond, 0)
            if ms is None:
                log("  %s never answered:\n%s" % (label, p.t.dump()))
            answers.append((label, ms))
        rows.append(("Down, Up, /, l, Esc after the held s", [ms for _, ms in answers]))
        # 4. q among held s keys
        p.t.wait(lambda: False, 300, 0.3)
        t_start = keys.now()
        for i in range(30):
            while keys.now() < t_start + i / 30.0:
                p.t.read(0.002)
            p.t.write("s")
        while keys.now() < t_start + 1.0:
            p.t.read(0.002)
        t0 = keys.now()
        p.t.write("q")
        while p.t.alive and keys.now() < t0 + keys.KEY_TIMEOUT:
            p.t.read(0.5)
        q_ms = (p.t.last - t0) * 1e3 if not p.t.alive else None
        rows.append(("q among held s (to the end of the pty)", [q_ms]))
        p.t.stop()
    print("\n## Held keys\n")
    print("| keys | n | median | longest answer |\n|---|---:|---:|---:|")
    worst = 0
    for what, lat in rows:
        m, w = keys.stats(lat)
        worst = max(worst, w or 0)
        print("| %s | %d | %s | %s |" % (what, len(lat), keys.fmt(m), keys.fmt(w)))
    print("\nEach after the held s: " + ", ".join("%s %s" % (l, keys.fmt(ms)) for l, ms in answers)
          + "; q %s" % keys.fmt(q_ms))
    print("\nLongest answer: **%s ms**; load average after: %s" % (
        keys.fmt(worst), open("/proc/loadavg").read().split()[:3]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
