#!/usr/bin/env bash
# Marks on the command line: where the file is looked for, list's mark
# column (table), "marks" (TSV) and "starred"/"read" (JSON), the is: terms,
# and a corrupt file reported, set aside and not fatal.
. "$(dirname "$0")/lib.sh"
pd=$PAPERDECK
state=$XDG_STATE_HOME/paperdeck
lora="LoRA: Low-Rank Adaptation of Large Language Models"
blog="线性Attention的探索：Attention必须有个Softmax吗？"

# No marks yet: nothing is created by reading, nothing is starred.
run "$pd" list -q is:starred
expect_status 1
expect_eq "$err" ""
[ ! -e "$state" ] && pass || fail "list created $state"
run "$pd" list -f tsv -q is:unread
expect_status 0
expect_lines "$out" 26

# A file as the UI writes it: LoRA (by arXiv id) starred and read, a blog
# post (by its normalised title) read.
mkdir -p "$state"
printf 'paperdeck-marks 1\nsr\tarxiv:2106.09685\nr\ttitle:线性attention的探索 attention必须有个softmax吗\nend 2\n' >"$state/marks"

run "$pd" list -f tsv -q is:starred
expect_status 0
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f1,13)" "$lora	starred,read"
run "$pd" list -f tsv -q is:read -s title
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f1,13)" "$lora	starred,read
$blog	read"
run "$pd" list -f tsv -q 'is:read !is:starred'
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f1)" "$blog"
run "$pd" list -f tsv -q is:unread
expect_lines "$out" 24
run "$pd" list -f tsv -q "'LoRA is:unread"
expect_status 1
run "$pd" list -q is:sttarred
expect_status 2
expect_contains "$err" 'unknown mark "sttarred": expected is:starred, is:read, is:unread or is:new'

# JSON: booleans on every object.
run "$pd" list -f json -q "'LoRA"
expect_contains "$out" '"section": "Papers/Adapt", "starred": true, "read": true, "new": false}'
run "$pd" list -f json -q "kind:blog"
expect_eq "$(printf '%s\n' "$out" | grep -c '"starred": false, "read": true, "new": false}')" 1
expect_eq "$(printf '%s\n' "$out" | grep -c '"starred": false, "read": false, "new": false}')" 1
if command -v python3 >/dev/null 2>&1; then
    run "$pd" list -f json
    printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert all(isinstance(e["starred"], bool) and isinstance(e["read"], bool) for e in d)
assert sum(e["starred"] for e in d) == 1 and sum(e["read"] for e in d) == 2
' && pass || fail "JSON marks"
fi

# Table: a star and a tick in the first column, aligned.
run "$pd" list -q "'LoRA | kind:blog" -s title
expect_eq "$(printf '%s\n' "$out" | sed -E 's/^(...[^ ]{3}).*/\1/')" "   Tit
★✓ LoR
   为节约
 ✓ 线性A"
widths=$(printf '%s\n' "$out" | sed -E 's/[^ ]+$//' | while IFS= read -r line; do printf '%s' "$line" | wc -L; done | sort -u | wc -l)
expect_eq "$widths" 1

# PAPERDECK_STATE_DIR overrides the XDG location.
mkdir -p "$scratch/other"
printf 'paperdeck-marks 1\ns\ttitle:long context\nend 1\n' >"$scratch/other/marks"
PAPERDECK_STATE_DIR=$scratch/other run "$pd" list -f tsv -q is:starred
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f1)" "Long-Context"
# HOME when XDG_STATE_HOME is unset or relative.
mkdir -p "$scratch/home/.local/state/paperdeck"
cp "$scratch/other/marks" "$scratch/home/.local/state/paperdeck/marks"
HOME=$scratch/home XDG_STATE_HOME=relative run "$pd" list -f tsv -q is:starred
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -f1)" "Long-Context"

# A truncated file: reported on stderr, kept aside, the command still works.
printf 'paperdeck-marks 1\nsr\tarxiv:2106.09685\n' >"$state/marks"
run "$pd" list -f tsv -q is:unread
expect_status 0
expect_lines "$out" 26
expect_contains "$err" "paperdeck: marks file $state/marks was corrupt (truncated (no \"end\" line)); kept it as $state/marks.corrupt-"
aside=$(ls "$state" | grep -c '^marks\.corrupt-')
expect_eq "$aside" 1
expect_eq "$(cat "$state"/marks.corrupt-*)" "$(printf 'paperdeck-marks 1\nsr\tarxiv:2106.09685')"
[ ! -e "$state/marks" ] && pass || fail "corrupt file still in place"
# a file from a newer paperdeck is left alone
printf 'paperdeck-marks 9\nfuture\n' >"$state/marks"
run "$pd" list -f tsv -q is:starred
expect_status 1
expect_contains "$err" "format version 9, this paperdeck reads version 1; marks are read-only"
expect_eq "$(cat "$state/marks")" "$(printf 'paperdeck-marks 9\nfuture')"

finish
