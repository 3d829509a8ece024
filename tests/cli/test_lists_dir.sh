#!/usr/bin/env bash
# Lists read from a directory (the data directory with no FILE, or a FILE
# that is a directory): every list in it, a list with errors left out and
# named (the others shown) while an explicitly named bad FILE still fails;
# and the importer's warnings summed up in one line per file (-v, check:
# every one).
. "$(dirname "$0")/lib.sh"
pd=$PAPERDECK
md=$SOURCE_DIR/tests/fixtures/md
data=$XDG_DATA_HOME/paperdeck
mkdir -p "$data"
cp "$SOURCE_DIR/data/efficiency.yaml" "$data/a.yaml"
printf 'title: Bad\nsections:\n  - name: X\n    entries: [\n' >"$data/b.yaml"
cp "$md/efficiency-list.md" "$data/c.md"

# --- the data directory with a bad list: the others shown -------------------
run "$pd" list -f tsv
expect_status 0
expect_lines "$out" 51 # the header, 25 + 25 entries
expect_contains "$err" "$data/b.yaml:5:1: error: syntax error"
expect_contains "$err" "paperdeck: 1 list with errors left out, the others shown"
run "$pd" --list-files
expect_status 0
expect_contains "$out" "  $data/a.yaml"$'\n'
expect_contains "$out" "  $data/b.yaml (left out: $data/b.yaml:5:1: error: syntax error"
# every list bad: nothing to show, every error reported
mkdir "$scratch/allbad"
cp "$data/b.yaml" "$scratch/allbad/x.yaml"
cp "$data/b.yaml" "$scratch/allbad/y.yml"
run "$pd" list "$scratch/allbad"
expect_status 2
expect_contains "$err" "allbad/x.yaml:5:1: error"
expect_contains "$err" "allbad/y.yml:5:1: error"
expect_contains "$err" "paperdeck: 2 errors"
# an explicitly named bad FILE still stops it, next to a good one too
run "$pd" list "$data/a.yaml" "$data/b.yaml"
expect_status 2
expect_contains "$err" "b.yaml:5:1: error"
expect_eq "$out" ""

# --- a FILE that is a directory ----------------------------------------------
run "$pd" list -f tsv "$data/"
expect_status 0
expect_lines "$out" 51
expect_contains "$err" "$data/b.yaml:5:1: error" # no "//"
run "$pd" check "$data"
expect_status 2
expect_contains "$err" "$data/b.yaml:5:1: error"
rm "$data/b.yaml"
run "$pd" check "$data"
expect_status 0
expect_contains "$out" "$data/a.yaml: ok"
expect_contains "$out" "$data/c.md: ok"
mkdir "$scratch/empty"
run "$pd" list "$scratch/empty"
expect_status 2
expect_contains "$err" "empty: a directory with no list in it"
run "$pd" "$scratch/empty"
expect_status 2
expect_contains "$err" "empty: a directory with no list in it"

# --- warnings: one summary line per file, every one with -v or check --------
cat >"$scratch/warn.md" <<'EOF2'
# T

## S

- just words
- [A](https://arxiv.org/abs/2101.00001), ICLR 2021

| Title | Venue |
|---|---|
| [B](https://arxiv.org/abs/2101.00002) | ICLR 2021 | extra |

| a | b |
EOF2
run "$pd" import "$scratch/warn.md"
skipped=$(grep -o '^[0-9]* rows\? skipped' <<<"$err" | cut -d' ' -f1)
[ "${skipped:-0}" -gt 0 ] && pass || fail "no rows skipped by import: $err"
nwarn=$(grep -c ': warning: ' <<<"$err")
run "$pd" list -f tsv "$scratch/warn.md"
expect_status 0
expect_eq "$skipped $nwarn" "1 3" # the summary's counts are the importer's
expect_eq "$err" "paperdeck: $scratch/warn.md: 1 row skipped, 2 warnings: paperdeck check $scratch/warn.md"
run "$pd" list -v -f tsv "$scratch/warn.md"
expect_status 0
expect_eq "$(grep -c ': warning: ' <<<"$err")" "$nwarn"
run "$pd" list --verbose -f tsv - <"$scratch/warn.md"
expect_eq "$(grep -c ': warning: ' <<<"$err")" "$nwarn"
run "$pd" list -f tsv - <"$scratch/warn.md"
expect_eq "$err" "paperdeck: <stdin>: 1 row skipped, 2 warnings: -v shows them"
run "$pd" check "$scratch/warn.md"
expect_status 0
expect_eq "$(grep -c ': warning: ' <<<"$err")" "$nwarn"
# the seed README: two joined rows, no row skipped
run "$pd" list -f tsv "$md/efficiency-list.md"
expect_eq "$err" "paperdeck: $md/efficiency-list.md: 2 warnings: paperdeck check $md/efficiency-list.md"
run "$pd" list -f tsv "$SOURCE_DIR/data/efficiency.yaml"
expect_eq "$err" ""

finish
