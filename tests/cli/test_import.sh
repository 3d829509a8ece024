#!/usr/bin/env bash
# Markdown lists on the command line: import (stdout, -o, errors, summary),
# opening .md lists directly and from stdin, -f markdown and -f yaml, and
# the round trips between them.
. "$(dirname "$0")/lib.sh"
pd=$PAPERDECK
md=$SOURCE_DIR/tests/fixtures/md
seed=$md/efficiency-list.md

# import to stdout: the expected YAML, the summary and warnings on stderr.
run "$pd" import "$seed"
expect_status 0
expect_eq "$out" "$(cat "$md/efficiency.expected.yaml")"
expect_contains "$err" "imported 25 entries from $seed"
expect_contains "$err" "  Papers/Architecture    17"
expect_contains "$err" "0 rows skipped, 2 split rows joined"
expect_contains "$err" "efficiency-list.md:36: warning: table row split over lines 36-37"
expect_contains "$err" "the stray \"Transformer\" after its complete title was dropped"

# --explain: per entry, the rule behind each field, and where the entry is.
cat >"$scratch/explain.md" <<'EOF2'
# L

## Pruning

- [[ICLR](https://arxiv.org/abs/2106.09685)] Low-Rank Things [[code](https://github.com/x/y)]
- Paper: [Foo Bar: A Thing](https://arxiv.org/abs/2301.00001v2), *Ann Smith, Bob Jones*. NeurIPS 2023.
EOF2
run "$pd" import --explain "$scratch/explain.md"
expect_status 0
expect_contains "$out" "$scratch/explain.md:5: entry"
expect_contains "$out" "venue    ICLR  [venue_as_link_text]"
expect_contains "$out" "title    Low-Rank Things"
expect_contains "$out" "authors  Ann Smith, Bob Jones  [authors_span]"
expect_contains "$out" "arxiv    2301.00001  [arxiv_link (version dropped)]"
run "$pd" list --explain "$scratch/explain.md"
expect_status 2
expect_contains "$err" "list takes no option"

# -o: the file, nothing on stdout; it loads and checks clean.
run "$pd" import "$seed" -o "$scratch/eff.yaml"
expect_status 0
expect_eq "$out" ""
expect_eq "$(cat "$scratch/eff.yaml")" "$(cat "$md/efficiency.expected.yaml")"
run "$pd" check "$scratch/eff.yaml"
expect_status 0
expect_eq "$(ls -A "$scratch" | grep -c '^\.eff')" "0"

# Round trip: import -> YAML -> list equals listing the .md directly.
run "$pd" list -f tsv "$seed"
expect_status 0
expect_lines "$out" 26
direct=$out
expect_contains "$direct" "Linformer: Self-Attention with Linear Complexity		2020	2006.04768	Papers/Architecture	paper		Meta	subsampling (pooling)"
expect_eq "$(printf '%s\n' "$direct" | cut -f5 | sort | uniq -c | awk '{print $2"="$1}' | tr '\n' ' ')" \
    "Blogs=2 Papers/Adapt=1 Papers/Architecture=17 Papers/Pruning=1 Papers/Quantization=1 Projects=3 section=1 "
run "$pd" list -f tsv "$scratch/eff.yaml"
expect_eq "$out" "$direct"
run "$pd" list -v -f tsv - <"$seed"
expect_eq "$out" "$direct"
expect_contains "$err" "<stdin>:36: warning"

# -f markdown, then import: the same entries back; -f yaml likewise.
run "$pd" list -f markdown "$seed"
expect_status 0
expect_contains "$out" "## Contents"
expect_contains "$out" "| Title | Venue | Year | arXiv | Code |"
printf '%s\n' "$out" >"$scratch/readme.md"
run "$pd" list -f tsv "$scratch/readme.md"
expect_eq "$out" "$direct"
run "$pd" import "$scratch/readme.md"
expect_eq "$out" "$(cat "$md/efficiency.expected.yaml")"
run "$pd" list -f yaml "$seed"
expect_status 0
printf '%s\n' "$out" >"$scratch/via.yaml"
run "$pd" list -f tsv "$scratch/via.yaml"
expect_eq "$out" "$direct"
# Filtered: only the matching entries, in their sections.
run "$pd" list -f markdown -q 'cat:blogs' "$seed"
expect_contains "$out" "## Blogs"
expect_not_contains "$out" "## Papers"
run "$pd" list -f yaml -c Projects "$seed"
expect_contains "$out" "- name: Projects"
expect_not_contains "$out" "Papers"

# Every fixture imports to its expected YAML and warnings.
for f in tables broken_rows bullets nasty cjk toc_prose; do
    (cd "$md" && "$pd" import "$f.md" >"$scratch/$f.yaml" 2>"$scratch/$f.err")
    expect_eq "$(cat "$scratch/$f.yaml")" "$(cat "$md/$f.expected.yaml")"
    expect_eq "$(grep -E ': (warning|error): ' "$scratch/$f.err")" "$(cat "$md/$f.expected.warnings")"
done
run "$pd" import "$md/broken_rows.md"
expect_contains "$err" "2 rows skipped, 3 split rows joined"

# Several lists together, markdown and YAML: each a top-level group.
run "$pd" list -f tsv "$seed" "$md/cjk.md"
expect_status 0
expect_contains "$out" "	Efficiency/Papers/Adapt	"
expect_contains "$out" "	大模型高效推理/博客	blog	"

# Errors: exit 2, and -o never leaves a half-written file.
run "$pd" import
expect_status 2
expect_contains "$err" "expected one markdown LIST"
run "$pd" import "$seed" "$seed"
expect_status 2
run "$pd" list -o "$scratch/x.yaml" "$seed"
expect_status 2
run "$pd" import "$md/no-such.md"
expect_status 2
expect_contains "$err" "cannot open"
printf '# T\n\n- caf\xe9 [x](https://x.org), ICLR 2020\n' >"$scratch/latin1.md"
echo "old: content" >"$scratch/keep.yaml"
run "$pd" import "$scratch/latin1.md" -o "$scratch/keep.yaml"
expect_status 2
expect_contains "$err" "latin1.md:3:6: error: invalid UTF-8"
expect_eq "$(cat "$scratch/keep.yaml")" "old: content"
mkdir "$scratch/adir"
run "$pd" import "$seed" -o "$scratch/adir"
expect_status 2
expect_contains "$err" "cannot replace"
[ -d "$scratch/adir" ] && pass || fail "the directory was replaced"
run "$pd" import "$seed" -o "$scratch/nowhere/out.yaml"
expect_status 2
expect_eq "$(ls -A "$scratch" | grep -c '^\.')" "0"
run "$pd" list -f xml
expect_status 2
expect_contains "$err" "(or markdown, yaml)"
# A failed -o write imported nothing, and says only that.
run "$pd" import "$seed" -o "$scratch/nowhere/out.yaml"
expect_not_contains "$err" "imported"

# A paperdeck YAML list is refused, by its name or (without one) by how it
# starts, on stdin too; nothing is written.
yaml_list=$SOURCE_DIR/data/efficiency.yaml
cp "$yaml_list" "$scratch/list.txt"
for src in "$yaml_list" "$scratch/list.txt" -; do
    echo "old: content" >"$scratch/keep.yaml"
    run "$pd" import "$src" -o "$scratch/keep.yaml" <"$yaml_list"
    expect_status 2
    expect_contains "$err" "is a YAML list (paperdeck's own format), not markdown: nothing to import"
    expect_contains "$err" "1 error, nothing written"
    expect_eq "$(cat "$scratch/keep.yaml")" "old: content"
done
run "$pd" import "$scratch/adir" # not a file at all: the reason is that
expect_status 2
expect_contains "$err" "adir: error: cannot read: Is a directory"
run "$pd" import --explain "$yaml_list"
expect_status 2
expect_contains "$err" "a YAML list, not markdown"

# A markdown README saved without its name (curl -o README) is sniffed as
# stdin is, everywhere a list is opened; a .yaml name is always YAML, with
# YAML's located errors.
cp "$seed" "$scratch/README"
run "$pd" import "$scratch/README"
expect_status 0
expect_eq "$out" "$(cat "$md/efficiency.expected.yaml")"
run "$pd" list -f tsv "$scratch/README"
expect_status 0
expect_eq "$out" "$direct"
run "$pd" check "$scratch/README"
expect_status 0
expect_contains "$out" "README: ok"
cp "$seed" "$scratch/readme-as.yaml"
run "$pd" check "$scratch/readme-as.yaml"
expect_status 2
expect_contains "$err" "readme-as.yaml:5:1: error: expected a mapping at the top level"

# The 10k-row table: timed end to end.
{
    printf '# Big\n\n## Papers\n\n| Title | Pub | Preprint | Supplementary |\n|---|---|---|---|\n'
    for ((i = 0; i < 10000; i++)); do
        printf '| Paper %d on efficient things | ICLR %d | [2101.%05d](https://arxiv.org/abs/2101.%05d) | tag, Google |\n' \
            "$i" $((2000 + i % 25)) "$i" "$i"
    done
} >"$scratch/big.md"
start=$(date +%s%N)
run "$pd" import "$scratch/big.md" -o "$scratch/big.yaml"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "import of a 10k-row table: ${ms} ms"
expect_status 0
expect_contains "$err" "imported 10000 entries"
# (not under valgrind, which runs everything some 50 times slower)
if [ -z "${PAPERDECK_UNDER_VALGRIND:-}" ]; then
    [ "$ms" -lt 5000 ] && pass || fail "10k rows took ${ms} ms"
fi
run "$pd" list -f tsv "$scratch/big.yaml"
expect_lines "$out" 10001

finish
