#!/usr/bin/env bash
# fuzz.sh [SECONDS]: builds the libFuzzer targets of tests/fuzz with clang
# (ASan+UBSan) and runs each for SECONDS (default 60) from a seed corpus
# made of tests/fixtures. Fails when any target crashes, leaks, times out on
# one input or breaks one of the contracts it checks; the input that did it
# is kept in the build directory and named in the output.
#
# Environment:
#   FUZZ_BUILD    build directory (default build-fuzz)
#   FUZZ_CORPUS   keep the corpora here and grow them run after run
#                 (default: a temporary copy, so the repository is never written)
#   FUZZ_JOBS     targets run at the same time (default 2)
#   FUZZ_TARGETS  which targets (default: all seven)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
build=${FUZZ_BUILD:-$root/build-fuzz}
jobs=${FUZZ_JOBS:-2}
targets=(${FUZZ_TARGETS:-yaml_load md_import query fuzzy utf8 keydec arxiv_record})
fuzz_src=$root/tests/fuzz

say() { printf '==> %s\n' "$*" >&2; }

command -v clang >/dev/null 2>&1 || {
    say "fuzz.sh needs clang and its runtimes (Debian: apt-get install clang libclang-rt-14-dev)"
    exit 2
}

say "build the fuzz targets in $build"
CC=clang cmake -S "$root" -B "$build" -DPAPERDECK_FUZZ=ON -DPAPERDECK_WERROR=ON \
    -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j 2 --target "${targets[@]/#/fuzz_}" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora=${FUZZ_CORPUS:-$work/corpus}
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"

# seed_file DIR NAME: stdin into DIR/NAME.
seed_file() { cat >"$1/$2"; }

# The seeds of each target, put in $corpora/TARGET (existing files are kept).
seed_yaml_load() {
    local f
    for f in "$root"/tests/fixtures/yaml/*.yaml "$root"/tests/fixtures/cli/*.yaml \
        "$root"/tests/e2e/fixtures/*.yaml "$root"/tests/fixtures/md/*.expected.yaml \
        "$root"/data/efficiency.yaml; do
        cp "$f" "$1/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
}
seed_md_import() {
    cp "$root"/tests/fixtures/md/*.md "$1/"
}
seed_query() {
    local prev="" i=0 q
    while IFS= read -r q; do
        printf '%s' "$q" | seed_file "$1" "q$i"
        [ -n "$prev" ] && printf '%s\n%s' "$prev" "$q" | seed_file "$1" "pair$i"
        printf '%s\n%s x' "$q" "$q" | seed_file "$1" "narrow$i"
        prev=$q
        i=$((i + 1))
    done <"$fuzz_src/seeds/queries.txt"
}
seed_fuzzy() {
    local i=0 q t
    local titles=("Nyströmformer: A Nyström-Based Algorithm for Approximating Self-Attention"
        "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention"
        "线性Attention的探索：Attention必须有个Softmax吗？")
    while IFS= read -r q; do
        for t in "${titles[@]}"; do
            printf '%s\0%s' "$q" "$t" | seed_file "$1" "f$i"
            i=$((i + 1))
        done
    done <"$fuzz_src/seeds/queries.txt"
}
seed_utf8() {
    local f i=0
    for f in "$root"/tests/fixtures/md/cjk.md "$root"/tests/e2e/fixtures/odd.yaml \
        "$root"/tests/fixtures/yaml/good.yaml; do
        { printf '('; head -c 4000 "$f"; } | seed_file "$1" "u$i"
        { printf '\005'; head -c 200 "$f"; } | seed_file "$1" "w$i"
        i=$((i + 1))
    done
    printf '\020a\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80\x1b[31m\xc2\x9b\x07\x00x' \
        | seed_file "$1" bad
}

seed_keydec() {
    # the first byte seeds the read sizes: keys, mouse reports, Alt, cut and
    # unknown sequences, UTF-8 whole and cut
    printf '\001j\033[A\033OB\033[1;5C\033[3~\033[Z\033[<0;10;5M\033[<64;3;3m' | seed_file "$1" keys
    printf '\002\033[M !!\033b\033\033[D\033[[A\033[200~text\033[201~' | seed_file "$1" mouse
    printf '\003\033[1;2;3;4;5;6A\033[99~\033O5P\033Oc\033[2$\033[12' | seed_file "$1" odd
    printf '\004\303\251\347\272\277\360\237\230\200\342\202\300\200\033' | seed_file "$1" utf8
}
seed_arxiv_record() {
    local head='<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>http://arxiv.org/api/x</id>
' f
    for f in "$root"/tests/fixtures/arxiv/*.xml; do
        { printf '%s' "$head"; cat "$f"; printf '</feed>\n'; } | seed_file "$1" "$(basename "$f")"
    done
    { printf '%s' "$head"; cat "$root"/tests/fixtures/arxiv/*.xml; printf '</feed>\n'; } |
        seed_file "$1" both.xml
    printf '%s<entry><id>http://arxiv.org/api/errors#bad</id><summary>incorrect id format for 1234.5</summary></entry></feed>\n' \
        "$head" | seed_file "$1" error.xml
}

dict_of() {
    case $1 in
    yaml_load) echo "$fuzz_src/yaml.dict" ;;
    md_import) echo "$fuzz_src/md.dict" ;;
    query) echo "$fuzz_src/query.dict" ;;
    arxiv_record) echo "$fuzz_src/atom.dict" ;;
    esac
}

# run_target NAME: fuzzes one target; its log goes to $work/NAME.log.
run_target() {
    local name=$1 corpus=$corpora/$1 dict args=()
    mkdir -p "$corpus"
    "seed_$name" "$corpus"
    dict=$(dict_of "$name")
    [ -n "$dict" ] && args+=(-dict="$dict")
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/tests/fuzz/fuzz_$name" "${args[@]}" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/$name-" "$corpus" >"$work/$name.log" 2>&1
}

say "fuzz ${targets[*]} for ${seconds}s each, $jobs at a time"
declare -A pids
failed=()
for name in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run_target "$name" &
    pids[$name]=$!
done
for name in "${targets[@]}"; do
    if wait "${pids[$name]}"; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name.log" | grep -o '[0-9]*$')
        cov=$(grep -o 'cov: [0-9]*' "$work/$name.log" | tail -1)
        say "fuzz_$name: ok (${runs:-?} runs, ${cov:-cov: ?})"
    else
        failed+=("$name")
        say "fuzz_$name: FAILED; the end of its log:"
        tail -60 "$work/$name.log" >&2
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    say "crashing inputs are in $artifacts"
    exit 1
fi
