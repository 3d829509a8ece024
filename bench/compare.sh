#!/usr/bin/env bash
# compare.sh: paperdeck's benchmark, and paperdeck against fzf and fzy on the
# same generated titles, in one run on one machine.
#
#   bench/compare.sh [--gen BIN] [--bench BIN] [--paperdeck BIN] [--data DIR]
#                    [--runs N] [SIZE...]
#
# SIZE defaults to $PAPERDECK_BENCH_SIZES, else "10000 100000 1000000".
# Binaries default to $BUILD_DIR (else ./build) of the source tree; the
# generated lists are cached in DIR (default $BUILD_DIR/bench-data) and
# rewritten when missing or older than the generator. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
gen=$build/bench/paperdeck-gen
bench=$build/bench/paperdeck-bench
pd=$build/paperdeck
data=$build/bench-data
runs=5
sizes=()

usage() {
    sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

while [ $# -gt 0 ]; do
    case $1 in
        --gen) gen=$2; shift 2 ;;
        --bench) bench=$2; shift 2 ;;
        --paperdeck) pd=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; exit 2 ;;
        *) sizes+=("$1"); shift ;;
    esac
done
if [ ${#sizes[@]} -eq 0 ]; then
    read -ra sizes <<<"${PAPERDECK_BENCH_SIZES:-10000 100000 1000000}"
fi
for n in "${sizes[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: bad size '$n'" >&2; exit 2; }
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: bad --runs '$runs'" >&2; exit 2; }
for b in "$gen" "$bench" "$pd"; do
    [ -x "$b" ] || { echo "compare.sh: $b is missing: build first (cmake --build build)" >&2; exit 2; }
done
export LC_ALL=C.UTF-8 NO_COLOR=1


# The peers. Install them when we can do it without asking.
if ! command -v fzf >/dev/null || ! command -v fzy >/dev/null; then
    if command -v apt-get >/dev/null; then
        as_root=()
        [ "$(id -u)" = 0 ] || as_root=(sudo -n)
        if [ ${#as_root[@]} -eq 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
            echo "installing fzf and fzy with apt-get ..."
            "${as_root[@]}" apt-get install -y -qq fzf fzy >/dev/null 2>&1 ||
                { "${as_root[@]}" apt-get update -qq >/dev/null 2>&1 &&
                  "${as_root[@]}" apt-get install -y -qq fzf fzy >/dev/null 2>&1; } || true
        fi
    fi
fi
have_fzf=false; command -v fzf >/dev/null && have_fzf=true
have_fzy=false; command -v fzy >/dev/null && have_fzy=true
have_hyperfine=false; command -v hyperfine >/dev/null && have_hyperfine=true
have_python=false; command -v python3 >/dev/null && have_python=true

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# paperdeck's caches of the lists (1-shot cached) in the run's directory
export XDG_CACHE_HOME=$tmp/cache
unset PAPERDECK_CACHE

# --- the machine --------------------------------------------------------------

cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
echo "== machine =="
echo "  cpus (nproc):   $(nproc)"
echo "  model name:     ${cpu:-unknown}"
echo "  MemTotal:       ${mem:-unknown}"
echo "  kernel:         $(uname -sr)"
echo "  paperdeck:      $("$pd" --version 2>/dev/null | head -n1 || echo '?')"
echo "  fzf:            $($have_fzf && fzf --version | head -n1 || echo 'not installed: n/a')"
echo "  fzy:            $($have_fzy && fzy --version 2>&1 | head -n1 || echo 'not installed: n/a')"
if $have_hyperfine; then
    echo "  timing:         hyperfine, $runs runs after 1 warm-up, median"
else
    echo "  timing:         shell loop on \$EPOCHREALTIME, $runs runs after 1 warm-up, median"
fi
echo "  date:           $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  load average:   $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') (other work on the machine skews every figure)"

# --- timing helpers -----------------------------------------------------------

# now_us: wall clock in microseconds (no fork when bash has EPOCHREALTIME).
now_us() {
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local t=${EPOCHREALTIME/[.,]/}
        echo "$((10#$t))"
    else
        echo "$(($(date +%s%N) / 1000))"
    fi
}

# median_ms: reads microsecond samples, prints their median in ms.
median_ms() {
    sort -n | awk '{a[NR] = $1}
        END {if (!NR) {print "n/a"; exit}
             m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
             printf "%.1f\n", m / 1000}'
}

# The three commands; their output goes to /dev/null, their status is not
# a failure (paperdeck exits 1 when nothing matched; a real failure shows
# when its matches are counted).
run_fzf() { fzf --filter "$1" <"$2" >/dev/null || true; }
run_fzy() { fzy -e "$1" <"$2" >/dev/null || true; }
run_pd() { PAPERDECK_CACHE=off "$pd" list -f tsv -q "$1" "$2" >/dev/null 2>&1 || true; }
run_pd_cached() { "$pd" list -f tsv -q "$1" "$2" >/dev/null 2>&1 || true; }

# time_ms CMD QUERY FILE: median wall time of the command in ms.
time_ms() {
    local cmd=$1 q=$2 f=$3
    if $have_hyperfine; then
        local line
        case $cmd in
            run_fzf) line="fzf --filter $(printf %q "$q") < $(printf %q "$f") > /dev/null" ;;
            run_fzy) line="fzy -e $(printf %q "$q") < $(printf %q "$f") > /dev/null" ;;
            run_pd) line="env PAPERDECK_CACHE=off $(printf %q "$pd") list -f tsv -q $(printf %q "$q") $(printf %q "$f") > /dev/null 2>&1" ;;
            run_pd_cached) line="$(printf %q "$pd") list -f tsv -q $(printf %q "$q") $(printf %q "$f") > /dev/null 2>&1" ;;
        esac
        hyperfine --runs "$runs" --warmup 1 --ignore-failure --style none \
            --export-csv "$tmp/h.csv" "$line" >/dev/null 2>&1 || { echo n/a; return; }
        # command,mean,stddev,median,user,system,min,max: median from the end
        awk -F, 'NR == 2 {printf "%.1f\n", $(NF - 4) * 1000}' "$tmp/h.csv"
        return
    fi
    "$cmd" "$q" "$f"
    local i t0 t1
    for ((i = 0; i < runs; i++)); do
        t0=$(now_us)
        "$cmd" "$q" "$f"
        t1=$(now_us)
        echo $((t1 - t0))
    done | median_ms
}

# bench_value CSV METRIC ITEM FIELD: a figure from paperdeck-bench's CSV
# (FIELD 0 = median, 1 = worst, 2 = count; counted from the end of the row).
bench_value() {
    grep -F ",$2,\"$3\"," "$1" | awk -F, -v k="$4" '{print $(NF - 2 + k); exit}'
}

# ratio A B: A / B as "12.3x", or n/a.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "n/a" || b == "n/a" || a == "" || b == "" || b + 0 <= 0) {print "n/a"; exit}
        r = a / b; printf(r >= 100 ? "%.0fx\n" : r >= 10 ? "%.1fx\n" : "%.2fx\n", r)}'
}

fuzzy_queries=("linear attention" "lora" "efficient transformer" "zqxjv")
other_queries=("/line?ar\\s+att/" "venue:iclr year:>=2021 att")

if $have_python; then
    echo
    echo "the terminal UI on the embedded list, from a pseudo-terminal (bench/ui_time.py):"
    python3 "$here/ui_time.py" --runs 5 "$pd" | sed 's/^/  /'
fi

summary=$tmp/summary
sizes_summary=$tmp/sizes
: >"$summary"
: >"$sizes_summary"

for n in "${sizes[@]}"; do
    yaml=$data/list-$n.yaml
    titles=$data/titles-$n.txt
    mkdir -p "$data"
    if [ ! -s "$yaml" ] || [ ! -f "$titles" ] || [ "$yaml" -ot "$gen" ] || [ "$titles" -ot "$gen" ]; then
        echo
        echo "generating $n entries into $data ..."
        "$gen" "$n" "$yaml" "$titles"
    fi

    echo
    echo "################ $n entries ################"
    csv=$tmp/bench-$n.csv
    "$bench" --runs "$runs" --csv-file "$csv" "$yaml"
    mb=$(stat -c %s "$yaml" | awk '{printf "%.1f", $1 / 1e6}')
    printf '%s|%s|%s|%s|%s|%s\n' "$n" "$mb" "$(bench_value "$csv" load_ms "fresh process" 0)" \
        "$(bench_value "$csv" load_ms "fresh process" 1)" "$(bench_value "$csv" peak_rss_mb "" 1)" \
        "$(bench_value "$csv" steady_rss_mb "" 0)" >>"$sizes_summary"

    echo
    echo "paperdeck vs fzf and fzy, $n entries ($(awk '{b += length($0) + 1} END {printf "%.1f MB", b / 1e6}' "$titles") of titles, $(stat -c %s "$yaml" | awk '{printf "%.1f", $1 / 1e6}') MB of YAML):"
    printf '  %-28s %9s %9s %9s %9s %9s %10s %10s %9s %9s   %s\n' "query" "pd key" "pd key" "pd whole" \
        "pd key" "ui key" "pd 1-shot" "pd 1-shot" "fzf" "fzy" "matches"
    printf '  %-28s %9s %9s %9s %9s %9s %10s %10s %9s %9s   %s\n' "" "median" "worst" "query" \
        "cpu med" "median" "parsing" "cached" "process" "process" "pd / fzf / fzy"
    rows=()
    for item in "${fuzzy_queries[@]/#/peers|}" "${other_queries[@]/#/alone|}"; do
        kind=${item%%|*} q=${item#*|}
        key_med=$(bench_value "$csv" key_ms "$q" 0)
        key_worst=$(bench_value "$csv" key_ms "$q" 1)
        whole=$(bench_value "$csv" key_whole_ms "$q" 0)
        key_cpu=$(bench_value "$csv" key_cpu_ms "$q" 0)
        ui_key=$(bench_value "$csv" ui_key_ms "$q" 0)
        status=0
        "$pd" list -f tsv -q "$q" "$yaml" >"$tmp/pd.out" 2>"$tmp/pd.err" || status=$?
        if [ "$status" -gt 1 ]; then
            echo "compare.sh: paperdeck list failed on \"$q\":" >&2
            cat "$tmp/pd.err" >&2
            exit 1
        fi
        pd_count=$(wc -l <"$tmp/pd.out")
        if head -n1 "$tmp/pd.out" | grep -q '^title	venue'; then
            pd_count=$((pd_count - 1)) # the TSV header line
        fi
        one=$(time_ms run_pd "$q" "$yaml")
        cached=$(time_ms run_pd_cached "$q" "$yaml")
        fzf_ms=n/a fzy_ms=n/a fzf_count=n/a fzy_count=n/a
        if [ "$kind" = peers ] && $have_fzf; then
            fzf_ms=$(time_ms run_fzf "$q" "$titles")
            fzf_count=$( (fzf --filter "$q" <"$titles" || true) | wc -l)
        fi
        if [ "$kind" = peers ] && $have_fzy; then
            fzy_ms=$(time_ms run_fzy "$q" "$titles")
            fzy_count=$( (fzy -e "$q" <"$titles" || true) | wc -l)
        fi
        printf '  %-28s %9.2f %9.2f %9.2f %9.2f %9.2f %10s %10s %9s %9s   %s / %s / %s\n' "$q" \
            "$key_med" "$key_worst" "$whole" "$key_cpu" "$ui_key" "$one" "$cached" "$fzf_ms" \
            "$fzy_ms" "$pd_count" "$fzf_count" "$fzy_count"
        rows+=("$q|$key_med|$cached|$fzf_ms|$fzy_ms")
        printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$n" "$q" "$key_med" "$key_worst" "$key_cpu" \
            "$ui_key" "$one" "$cached" "$fzf_ms" "$fzy_ms" >>"$summary"
    done

    if $have_python; then
        echo
        echo "the terminal UI on this list, first frame from a pseudo-terminal (bench/ui_time.py;"
        echo "per key against interactive fzf and fzy: bench/keys.py):"
        python3 "$here/ui_time.py" --runs 3 "$pd" "$yaml" | sed 's/^/  /'
    fi

    echo
    echo "ratios, $n entries (peer time / paperdeck time: above 1x paperdeck is faster):"
    printf '  %-28s %14s %14s %14s %14s\n' "query" "fzf/pd-key" "fzy/pd-key" "fzf/pd-cached" "fzy/pd-cached"
    for row in "${rows[@]}"; do
        IFS='|' read -r q key_med one fzf_ms fzy_ms <<<"$row"
        printf '  %-28s %14s %14s %14s %14s\n' "$q" "$(ratio "$fzf_ms" "$key_med")" \
            "$(ratio "$fzy_ms" "$key_med")" "$(ratio "$fzf_ms" "$one")" "$(ratio "$fzy_ms" "$one")"
    done
done

echo
echo "== summary (ms unless said; MB = 10^6 bytes) =="
printf '  %9s %8s %10s %10s %16s %16s\n' entries "YAML MB" "load med" "load worst" "peak RSS (x)" "steady RSS (x)"
while IFS='|' read -r n mb lm lw peak steady; do
    printf '  %9s %8s %10.1f %10.1f %9.1f %5sx %9.1f %5sx\n' "$n" "$mb" "$lm" "$lw" "$peak" \
        "$(awk -v a="$peak" -v b="$mb" 'BEGIN {printf "%.2f", a / b}')" "$steady" \
        "$(awk -v a="$steady" -v b="$mb" 'BEGIN {printf "%.2f", a / b}')"
done <"$sizes_summary"
echo
printf '  %9s  %-28s %8s %8s %8s %8s %9s %9s %9s %9s %10s %10s\n' entries query "key med" "key max" \
    "key cpu" "ui key" "1-shot" "cached" fzf fzy "fzf/pd-key" "fzy/pd-key"
while IFS='|' read -r n q km kw kc uk one cached fzf_ms fzy_ms; do
    printf '  %9s  %-28s %8.2f %8.2f %8.2f %8.2f %9s %9s %9s %9s %10s %10s\n' "$n" "$q" "$km" "$kw" \
        "$kc" "$uk" "$one" "$cached" "$fzf_ms" "$fzy_ms" "$(ratio "$fzf_ms" "$km")" \
        "$(ratio "$fzy_ms" "$km")"
done <"$summary"
echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

cat <<'EOF'

What each figure includes (times are wall clock, ms):
  pd key median/worst  paperdeck in process, per keystroke while the query is typed letter by
                       letter (backspaces included): query_compile + index_search_from (only
                       the previous result is tested when the query narrowed it, and only the
                       terms that changed) + the first screen (top 50 rows, ranked: index_search's
                       top-k) + the match count. The list is already loaded. Median and worst
                       over all keystrokes of 3 passes.
  pd whole query       the same for the last keystroke only (the complete query).
  pd key cpu med       the CPU time of those keystrokes (both threads): what other programs on
                       a shared machine cannot inflate; wall ~ cpu / 2 on two idle cores.
  ui key median        a full filter (the browser before the fast path): index_filter over every entry
                       scoring every match + section counts + a full sort by score; 1 pass.
  ui first frame       bench/ui_time.py: the real program on a pseudo-terminal; first frame =
                       exec to the status count written (load included). The browser's
                       time per key, against interactive fzf and fzy: bench/keys.py.
  pd 1-shot parsing    `PAPERDECK_CACHE=off paperdeck list -f tsv -q Q FILE.yaml > /dev/null`:
                       process start, reading and parsing the whole YAML list, building the
                       index, filtering, sorting every match and writing TSV. Loading dominates.
  pd 1-shot cached     the same with the list's cache (written by the warm-up run): the catalog
                       mapped from it instead of parsed (checksum of every byte included).
  fzf process          `fzf --filter Q < titles.txt > /dev/null`: process start, reading the
                       plain titles, matching, scoring and sorting every match, writing them
                       (fzf uses every core). Space-separated terms must each match (AND).
  fzy process          `fzy -e Q < titles.txt > /dev/null`: the same for fzy (one worker per
                       core); the whole query, spaces included, is one fuzzy pattern, so its
                       match counts differ from fzf's and paperdeck's.
  Regex and fielded queries have no fzf/fzy equivalent: n/a. paperdeck types a regex with its
  closing '/' added at each keystroke (the prefixes that are not valid regexes are skipped).
  Peer and one-shot figures are medians of the runs above, after one warm-up run (warm page
  cache). Ratios compare different work on purpose (an in-process update against a process
  that filters once); the 1-shot ratios compare two processes that each answer one query.
EOF
