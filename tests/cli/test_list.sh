#!/usr/bin/env bash
# The command line on the embedded Efficiency list: list, its filters, sorts
# and formats, check, exit codes, errors.
. "$(dirname "$0")/lib.sh"
pd=$PAPERDECK
data=$SOURCE_DIR/data/efficiency.yaml
fixtures=$SOURCE_DIR/tests/fixtures/cli
titles() { printf '%s\n' "$out" | tail -n +2 | cut -f1; }

# --version, --help, usage errors
run "$pd" --version
expect_status 0
expect_contains "$out" "paperdeck 0."
run "$pd" --help
expect_status 0
expect_contains "$out" "Usage: paperdeck"
expect_contains "$out" "Exit status: 0 success, 1 no entry matched"
run "$pd" list --frobnicate
expect_status 2
expect_contains "$err" "unknown option '--frobnicate'"
run "$pd" list -f xml
expect_status 2
expect_contains "$err" "expected table, tsv, json or bibtex (or markdown, yaml)"
run "$pd" list -s colour
expect_status 2
expect_contains "$err" "invalid sort 'colour'"
run "$pd" check
expect_status 2

# The embedded list: 25 entries, from any directory, identical to the file.
run "$pd" list -f tsv
expect_status 0
expect_lines "$out" 26
embedded=$out
expect_eq "$(printf '%s\n' "$out" | head -1)" "$(printf 'title\tvenue\tyear\tarxiv\tsection\tkind\turl\torg\ttags\tauthors\tdate\tnotes\tmarks')"
# no marks saved: the marks column is empty on every line
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | awk -F'\t' '$13 != ""' | wc -l)" 0
expect_eq "$(printf '%s\n' "$out" | awk -F'\t' '{print NF}' | sort -u)" 13
(cd / && "$pd" list -f tsv >"$scratch/root.tsv")
expect_eq "$(cat "$scratch/root.tsv")" "$embedded"
run "$pd" list -f tsv "$data"
expect_eq "$out" "$embedded"
run "$pd" list -f tsv - <"$data"
expect_eq "$out" "$embedded"
expect_contains "$out" "LoRA: Low-Rank Adaptation of Large Language Models	ICLR 2022	2022	2106.09685	Papers/Adapt	paper"
expect_contains "$out" "线性Attention的探索：Attention必须有个Softmax吗？"
expect_contains "$out" "为节约而生：从标准Attention到稀疏Attention"
expect_eq "$(printf '%s\n' "$out" | cut -f5 | sort | uniq -c | awk '{print $2"="$1}' | tr '\n' ' ')" \
    "Blogs=2 Papers/Adapt=1 Papers/Architecture=17 Papers/Pruning=1 Papers/Quantization=1 Projects=3 section=1 "

# Fuzzy queries rank by score; accents fold; smart case.
run "$pd" list -f tsv -q lora
expect_status 0
expect_eq "$(titles | head -1)" "LoRA: Low-Rank Adaptation of Large Language Models"
run "$pd" list -f tsv -q nystrom
expect_eq "$(titles | head -1)" "Nyströmformer: A Nyström-Based Algorithm for Approximating Self-Attention"
run "$pd" list -f tsv -q zzqqxx
expect_status 1
expect_lines "$out" 1
run "$pd" list -f json -q zzqqxx
expect_status 1
expect_eq "$out" "[]"

# Regex, fields, negation, alternatives.
run "$pd" list -f tsv -q '/line?ar/'
expect_status 0
expect_eq "$(titles | sort | tr '\n' '|')" "Efficient Attention: Attention with Linear Complexities|Linformer: Self-Attention with Linear Complexity|Transformer Quality in Linear Time|Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention|"
run "$pd" list -f tsv -q '/Linear/'
expect_lines "$out" 5
run "$pd" list -f tsv -q '/LINEAR/'
expect_status 1
run "$pd" list -f tsv -q '/(/'
expect_status 2
expect_contains "$err" "bad query"
run "$pd" list -f tsv -q 'venue:iclr year:>=2021'
expect_eq "$(titles)" "LoRA: Low-Rank Adaptation of Large Language Models"
run "$pd" list -f tsv -q 'kind:blog'
expect_lines "$out" 3
run "$pd" list -f tsv -q '!kind:paper'
expect_lines "$out" 6
run "$pd" list -f tsv -q "'lora | 'reformer"
expect_eq "$(titles | sort | tr '\n' '|')" "LoRA: Low-Rank Adaptation of Large Language Models|Reformer: The Efficient Transformer|"
run "$pd" list -f tsv -q 'year:2019..2020 cat:architecture'
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f3 | sort -u | tr '\n' ' ')" "2019 2020 "
run "$pd" list -q 'vneue:iclr'
expect_status 2
expect_contains "$err" "venue"

# Sections: by path or name, case-insensitive; unknown lists them.
run "$pd" list -f tsv -c Papers/Pruning
expect_eq "$(titles)" "Sheared LLaMA: Accelerating Language Model Pre-training via Structured Pruning"
run "$pd" list -f tsv -c pruning
expect_eq "$(titles)" "Sheared LLaMA: Accelerating Language Model Pre-training via Structured Pruning"
run "$pd" list -f tsv -c papers
expect_lines "$out" 21
run "$pd" list -c Nowhere
expect_status 2
expect_contains "$err" "Papers/Architecture"

# Sorts: missing values last in both directions, ties in file order.
run "$pd" list -f tsv -s year:desc
years=$(printf '%s\n' "$out" | tail -n +2 | cut -f3 | tr '\n' ' ')
expect_eq "$years" "$(printf '%s\n' "$out" | tail -n +2 | cut -f3 | grep . | sort -rn | tr '\n' ' ')$(printf '%s\n' "$out" | tail -n +2 | cut -f3 | grep -c '^$' | awk '{for(i=0;i<$1;i++) printf " "}')"
run "$pd" list -f tsv -s title
expect_eq "$(titles | head -1)" "Attention is Not All You Need: Pure Attention Loses Rank Doubly Exponentially with Depth"
expect_eq "$(titles | tail -1)" "线性Attention的探索：Attention必须有个Softmax吗？"
run "$pd" list -f tsv -s title:desc
expect_eq "$(titles | head -1)" "线性Attention的探索：Attention必须有个Softmax吗？"

# JSON: one object per entry with the format's names and the section path.
run "$pd" list -f json
expect_status 0
expect_eq "$(printf '%s\n' "$out" | grep -c '"title": ')" 25
expect_contains "$out" '"title": "LoRA: Low-Rank Adaptation of Large Language Models", "kind": "paper", "venue": "ICLR 2022", "year": 2022, "date": "2021-06", "arxiv": "2106.09685"'
expect_contains "$out" '"section": "Papers/Adapt", "starred": false, "read": false, "new": false}'
expect_eq "$(printf '%s\n' "$out" | grep -c '"starred": false, "read": false, "new": false}')" 25
if command -v python3 >/dev/null 2>&1; then
    printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==25' && pass || fail "JSON does not parse"
fi

# Table: aligned to display width (CJK counts double); colour only when asked.
run "$pd" list
expect_status 0
expect_contains "$(printf '%s\n' "$out" | head -1)" "Title"
widths=$(printf '%s\n' "$out" | sed -E 's/[^ ]+$//' | while IFS= read -r line; do printf '%s' "$line" | wc -L; done | sort -u | wc -l)
expect_eq "$widths" 1
expect_not_contains "$out" $'\e['
run "$pd" list --color=always -q lora
expect_contains "$out" $'\e[1;33mL'
NO_COLOR=1 run "$pd" list --color=auto -q lora
expect_not_contains "$out" $'\e['

# check: clean file, every error of a bad one, missing files.
run "$pd" check "$data"
expect_status 0
expect_contains "$out" "ok"
run "$pd" check "$fixtures/bad.yaml"
expect_status 2
expect_contains "$err" "bad.yaml:8:9: error:"
expect_contains "$err" "titel"
expect_contains "$err" "bad.yaml:11:16: error:"
run "$pd" list "$fixtures/bad.yaml"
expect_status 2
expect_lines "$out" 0
run "$pd" list "$scratch/does-not-exist.yaml"
expect_status 2
expect_contains "$err" "does-not-exist.yaml"

# Several files: each is a top-level group.
run "$pd" list -f tsv "$data" "$fixtures/second.yaml"
expect_lines "$out" 27
expect_contains "$out" "Attention Is All You Need	NeurIPS 2017	2017	1706.03762	Second list/Extra"
expect_contains "$out" "Efficiency/Papers/Adapt"

# On an 80-column terminal the title is the main column: it gets most of
# the row, and the section path is cut instead (it was whole while titles
# were cut to 24 columns).
if command -v script >/dev/null 2>&1; then
    tty_list 80 -q "'Hyena"
    expect_status 0
    row=$(printf '%s\n' "$out" | grep "Hyena")
    expect_contains "$row" "Hyena Hierarchy: Towards Larger Convo"
    expect_contains "$row" "Papers/…"
    expect_not_contains "$row" "Papers/Architecture"
    [ "$(printf '%s' "$row" | wc -m)" -le 80 ] && pass || fail "row wider than 80: [$row]"
    tty_list 200 -q "'Hyena"
    expect_contains "$out" "Hyena Hierarchy: Towards Larger Convolutional Language Models"
    expect_contains "$out" "Papers/Architecture"
fi

finish
