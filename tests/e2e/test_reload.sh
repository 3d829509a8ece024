#!/usr/bin/env bash
# Live reload: a list edited on disk while the browser shows it is loaded
# again (inotify, and the stat fallback), keeping the filter, the sort and
# the selected entry; a broken file shows the error and keeps the last good
# rows; R reloads at once.
. "$(dirname "$0")/lib.sh"

list=$scratch/list.yaml
cp "$SOURCE_DIR/data/efficiency.yaml" "$list"
# the selected row's title (after the marker)
selected() { screen | grep -F "▶" | grep -F "│" | tail -1 | sed 's/.*▶//; s/ *│.*//'; }
# edit like an editor: write a new file, rename it over the old one
edit() { sed "$1" "$list" >"$scratch/new.yaml" && mv "$scratch/new.yaml" "$list"; }

start -- "$list"
expect_count 25
# a filter and a sort to keep, and a selection to keep
keys /
type_text "former"
keys Enter
expect_screen "query: former"
keys s s # score (fuzzy) -> order -> title
expect_screen "sort: title ▲"
keys j
settle
before=$(selected)
[ -n "$before" ] && pass || fail "no selected row"
n_before=$(screen | head -1 | grep -o '[0-9]*/25')

# 1. change a title in place (sed -i writes a new file and renames it)
sed -i 's/Reformer: The Efficient Transformer/Reformer EDITED ON DISK/' "$list"
expect_screen "Reformer EDITED ON DISK"
expect_screen "reloaded: 25 entries"
expect_contains "$(screen | head -1)" "query: former"
expect_contains "$(screen | head -1)" "sort: title ▲"
expect_contains "$(screen | head -1)" "$n_before"
expect_eq "$(selected)" "$before"

# 2. an entry added before the selected one: the selection follows the entry
edit 's/^\(\s*\)- title: "Transformers are RNNs/\1- title: "Aaa Transformer added first"\n\1  venue: "AAAI 2000"\n&/'
expect_screen "Aaa Transformer added first"
expect_contains "$(screen | head -1)" "/26"
expect_eq "$(selected)" "$before"

# 3. a broken file: the error on the bottom line, the last good rows stay
cp "$list" "$scratch/good.yaml"
printf 'sections:\n  - name: [unclosed\n' >>"$list"
expect_screen "reload failed, showing the last good list: $list:"
expect_contains "$(screen | tail -1)" "error:"
expect_contains "$(screen)" "Reformer EDITED ON DISK"
expect_contains "$(screen)" "Aaa Transformer added first"
expect_contains "$(screen | head -1)" "/26"

# 4. fixed again: reloaded by itself
cp "$scratch/good.yaml" "$list"
expect_screen "reloaded: 26 entries"

# 5. R reloads at once (the message was cleared by a key first)
keys j
expect_no_screen "reloaded:"
keys R
expect_screen "reloaded: 26 entries"
keys q
expect_exit 0

# 6. the stat fallback (where there is no inotify) notices a save as well
start -e PAPERDECK_WATCH_STAT=1 -- "$list"
expect_count 26 26
sed -i 's/Reformer EDITED ON DISK/Reformer polled by stat/' "$list"
expect_screen "Reformer polled by stat"
keys q
expect_exit 0

# 7. an edit made after the lists were read and before the browser is up
# is not missed, with either method: the watch starts before the read. The
# knob holds the start; the load's warning on stderr says the read is done.
md=$scratch/mine.md
for method in inotify stat; do
    printf '# Mine\n\n## Reading\n\n- [Entry Read First](https://arxiv.org/abs/2101.00001)\n- not an entry\n' >"$md"
    envs=(-e PAPERDECK_TEST_SLOW_START=1500)
    [ $method = stat ] && envs+=(-e PAPERDECK_WATCH_STAT=1)
    start "${envs[@]}" -- "$md"
    expect_screen "1 row skipped"
    expect_not_contains "$(screen)" "Entry Read First" # (the browser is not up yet)
    sed -i 's/Entry Read First/Entry Edited Before Start/' "$md"
    expect_screen "Entry Edited Before Start"
    expect_screen "reloaded: 1 entry"
    keys q
    expect_exit 0
done

# 8. the built-in list has nothing to reload; R says so
start
expect_count 25
keys R
expect_screen "nothing to reload"
keys q
expect_exit 0

finish
