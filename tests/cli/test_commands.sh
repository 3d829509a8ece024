#!/usr/bin/env bash
# The commands as descriptors (src/cmd/): each takes its own options and
# says which command takes one it does not; the command can be omitted
# (browse); options and files mix in any order; -- ends the options; a
# section name two sections share is ambiguous, a path never is.
. "$(dirname "$0")/lib.sh"
pd=$PAPERDECK
data=$SOURCE_DIR/data/efficiency.yaml

# an option of another command: named, with the commands that take it
run "$pd" list -o "$scratch/x.yaml"
expect_status 2
expect_contains "$err" "list takes no option '-o' (import does)"
run "$pd" check -q lora "$data"
expect_status 2
expect_contains "$err" "check takes no option '-q' (browse, list and fetch do)"
run "$pd" import --format=json "$data"
expect_status 2
expect_contains "$err" "import takes no option '-f' (list does)"
run "$pd" -f json
expect_status 2
expect_contains "$err" "browse takes no option '-f' (list does)"
expect_contains "$err" "Try 'paperdeck --help'"
# unknown options and missing values, short and long
run "$pd" list -z
expect_status 2
expect_contains "$err" "unknown option '-z'"
run "$pd" list --query
expect_status 2
expect_contains "$err" "option '--query' needs a value"
run "$pd" list -f
expect_status 2
expect_contains "$err" "option '-f' needs a value"
run "$pd" list -s height
expect_status 2
expect_contains "$err" "with KEY one of order, title, venue, year, date, arxiv, section, score"
# --help and --version for every command
for c in browse list check import; do
    run "$pd" $c --help
    expect_status 0
    expect_contains "$out" "Usage: paperdeck [browse]"
    run "$pd" $c -V
    expect_contains "$out" "paperdeck 0."
done

# options after files, =VALUE and separate values, -- before a file
run "$pd" list -f tsv "$data" -q "'Low-Rank" --sort=title
expect_status 0
expect_eq "$(printf '%s\n' "$out" | sed -n 2p | cut -f1)" \
    "LoRA: Low-Rank Adaptation of Large Language Models"
cp "$data" "$scratch/-odd.yaml"
run "$pd" list -f tsv -- "$scratch/-odd.yaml"
expect_status 0
expect_lines "$out" 26
(cd "$scratch" && "$pd" list -f tsv -- -odd.yaml >"$scratch/odd.out" 2>&1)
expect_eq "$(wc -l <"$scratch/odd.out")" 26

# sections: a path, a unique name, an ambiguous name
cat >"$scratch/dup.yaml" <<'YAML'
paperdeck: 1
title: Dup
sections:
  - name: Papers
    sections:
      - name: Adapt
        entries:
          - title: "Paper one"
  - name: Blogs
    sections:
      - name: Adapt
        entries:
          - title: "Blog one"
      - name: Misc
        entries:
          - title: "Blog two"
YAML
run "$pd" check "$scratch/dup.yaml"
expect_status 0
run "$pd" list -f tsv -c Adapt "$scratch/dup.yaml"
expect_status 2
expect_contains "$err" "ambiguous section 'Adapt'; sections are:"
expect_contains "$err" "  Blogs/Adapt"
run "$pd" list -f tsv -c blogs/adapt "$scratch/dup.yaml"
expect_status 0
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f1)" "Blog one"
run "$pd" list -f tsv -c misc "$scratch/dup.yaml"
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f1)" "Blog two"
run "$pd" list -f tsv -c nothing "$scratch/dup.yaml"
expect_status 2
expect_contains "$err" "no section 'nothing'"
# the browser refuses it the same way, before the terminal is touched
run "$pd" -c adapt "$scratch/dup.yaml"
expect_status 2
expect_contains "$err" "ambiguous section 'adapt'"

finish
