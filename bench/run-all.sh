#!/bin/sh
# bench/run-all.sh --paperdeck BIN [--build DIR] [--name NAME] [--readme] [KEYS.PY OPTIONS] [SIZE...]
#
# The per-key benchmark of issue 15 in one run (bench/keys.py at 10k, 100k and
# 1M with interactive fzf and fzy, and the held keys at 1M). Builds nothing:
# BIN is the paperdeck under test; paperdeck-gen and paperdeck-bench (the
# lists and paperdeck's count oracle) come from DIR/bench (default: BIN's
# directory). Writes, in bench/results/:
#   DATE-keys[-NAME].md         the full report (an existing one is never overwritten)
#   DATE-keys[-NAME]-readme.md  the README's Performance table (a fragment)
# and with --readme also puts the fragment into README.md between its
# "bench/keys.py" markers. keys.py's progress goes to DATE-keys[-NAME].log in
# DIR. Exit status: keys.py's (1 when a key never showed its result).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin='' build='' name='' readme=''
while [ $# -gt 0 ]; do
    case $1 in
    --paperdeck) bin=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --name) name=-$2; shift 2 ;;
    --readme) readme=$here/../README.md; shift ;;
    *) break ;;
    esac
done
[ -n "$bin" ] || { echo "usage: bench/run-all.sh --paperdeck BIN [--build DIR] [--name NAME] [--readme] [SIZE...]" >&2; exit 2; }
[ -x "$bin" ] || { echo "run-all.sh: $bin is not an executable" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
build=${build:-$(dirname "$bin")}
[ $# -gt 0 ] || set -- 10000 100000 1000000
out=$here/results/$(date -u +%Y-%m-%d)-keys$name
[ ! -e "$out.md" ] || { echo "run-all.sh: $out.md exists: give another --name" >&2; exit 2; }
echo "run-all.sh: $out.md (progress: $build/$(basename "$out").log)" >&2
/usr/bin/python3 "$here/keys.py" --build "$build" --paperdeck "$bin" --out "$out.md" \
    --fragment "$out-readme.md" ${readme:+--readme "$readme"} "$@" 2>"$build/$(basename "$out").log"
