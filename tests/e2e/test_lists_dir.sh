#!/usr/bin/env bash
# The browser on lists read from a directory: with no FILE (the data
# directory) a list with errors is left out and named on the bottom line, the
# others shown; a list that goes bad later is left out on reload, and comes
# back when fixed; `paperdeck DIR` opens every list in DIR and watches them;
# the importer's warnings are summed up on the bottom line.
. "$(dirname "$0")/lib.sh"
data=$XDG_DATA_HOME/paperdeck
mkdir -p "$data"
cp "$SOURCE_DIR/data/efficiency.yaml" "$data/a.yaml"
printf 'title: Bad\nsections:\n  - name: X\n    entries: [\n' >"$data/b.yaml"
cat >"$data/0mine.md" <<'EOF2'
# Mine

## Reading

- [Markdown Entry One](https://arxiv.org/abs/2101.00001), ICLR 2021
- just words, not an entry
EOF2

# 1. at 80x24: the good lists, the bad one named on the bottom line (with ~,
# so the error's reason has the room)
start -w 80 -h 24 -e HOME="$scratch"
expect_screen "Markdown Entry One"
expect_contains "$(screen | head -1)" "/26"
expect_contains "$(screen | tail -1)" "left out ~/data/paperdeck/b.yaml:5:1: error"
expect_not_contains "$(screen | tail -1)" "$scratch"
keys q
expect_exit 0

# 2. fixed, then bad again while the browser runs: the others stay
start
expect_screen "left out"
cp "$SOURCE_DIR/data/efficiency.yaml" "$data/b.yaml"
expect_screen "reloaded: 51 entries; 1 row skipped: paperdeck check $data/0mine.md"
expect_contains "$(screen | head -1)" "/51"
printf 'title: [\n' >"$data/b.yaml"
expect_screen "reloaded: 26 entries; left out $data/b.yaml:"
expect_contains "$(screen)" "Markdown Entry One"
expect_contains "$(screen | head -1)" "/26"
keys q
expect_exit 0

# 3. paperdeck DIR: every list in it; an edit there is loaded again
rm "$data/b.yaml"
mkdir "$scratch/dir"
cp "$data/a.yaml" "$data/0mine.md" "$scratch/dir/"
rm -r "$data"
# (the bottom line names the file once, with ~, so the command fits)
start -e HOME="$scratch" -- "$scratch/dir"
expect_screen "Markdown Entry One"
expect_contains "$(screen | head -1)" "/26"
expect_eq "$(screen | tail -1)" " 1 row skipped: paperdeck check ~/dir/0mine.md"
sed -i 's/Markdown Entry One/Markdown Entry Edited/' "$scratch/dir/0mine.md"
expect_screen "Markdown Entry Edited"
expect_screen "reloaded: 26 entries"
keys q
expect_exit 0

# 4. a long list shows head first: a bad list past the head, which only the
# whole load reads, is left out then, and the long list stays
rm -r "$data"
mkdir -p "$data"
big_list 30000 "$data/a.yaml" || fail "cannot write a long list"
printf 'title: [\n' >"$data/z.yaml"
start -e PAPERDECK_CACHE=off
expect_screen "left out $data/z.yaml:1:"
expect_count 30000 30000
keys q
expect_exit 0
rm "$data/a.yaml" "$data/z.yaml"

# 5. a tiny terminal with a bad list: no crash, quits cleanly
mkdir -p "$data"
cp "$scratch/dir/a.yaml" "$data/"
printf 'title: [\n' >"$data/z.yaml"
start -w 20 -h 5
sleep 0.5
keys q
expect_exit 0 tiny

finish
