#!/usr/bin/env bash
# Marks and citing in the browser: * stars and r marks read the selected
# entry (saved at once in $XDG_STATE_HOME/paperdeck/marks, still there after
# a restart, found by is:starred), the star and the read dimming in the
# table, the Marks line of the detail; b shows the BibTeX entry full screen,
# y copies it with OSC 52, Esc and q close it.
. "$(dirname "$0")/lib.sh"
state=$XDG_STATE_HOME/paperdeck
lora="LoRA: Low-Rank Adaptation of Large Language Models"
star_lora="★ LoRA: Low-Rank Adaptation" # the table cuts the title

start
expect_count "25"
expect_screen "│ $lora"
keys '*'
expect_screen "starred: $lora"
expect_screen "$star_lora"
expect_screen "Marks    ★ starred"
[ -f "$state/marks" ] && pass || fail "no marks file in $state"
expect_eq "$(cat "$state/marks")" "$(printf 'paperdeck-marks 1\ns\tarxiv:2106.09685\nend 1')"
# r on the next entry: dimmed, saved next to the star
keys j r
expect_screen "marked read: RWKV: Reinventing RNNs for the Transformer Era"
expect_screen "Marks    read"
expect_eq "$(cat "$state/marks")" "$(printf 'paperdeck-marks 1\ns\tarxiv:2106.09685\nr\tarxiv:2305.13048\nend 2')"
# the RWKV title is drawn in the dim style once the selection moves off it:
# the colours before it differ from those of an unread title's
keys j j
settle
style_before() { screen -e | grep -F -m1 "$1" | sed -E "s/^.*│ ?((\x1b\[[0-9;]*m)*)$1.*$/\1/"; }
rwkv_style=$(style_before "RWKV: Reinventing")
plain_style=$(style_before "Hyena Hierarchy")
[ -n "$rwkv_style" ] && [ "$rwkv_style" != "$plain_style" ] && pass \
    || fail "read row style [$rwkv_style] vs unread [$plain_style]"
keys k
keys q
expect_exit 0

# A restart: still starred (and read), and the filter finds it.
start
expect_count "25"
expect_screen "$star_lora"
keys / is:starred Enter
expect_count "1"
s=$(screen)
expect_contains "$s" "$star_lora"
expect_not_contains "$s" "RWKV"
keys '\'
expect_count "25"
keys / 'is:unread' Enter
expect_count "24"
keys '\'
expect_count "25"
keys / 'is:read' Enter
expect_count "1"
expect_screen "RWKV: Reinventing RNNs for the Transformer Era"
# unmarking under an is: filter keeps the row until the filter is applied
# again (mutt, newsboat): a mis-press is undone with the same key
keys r
expect_screen "marked unread: RWKV"
expect_count "1" "25"
expect_contains "$(row "▶RWKV")" "RWKV: Reinventing"
keys r
expect_screen "marked read: RWKV"
expect_count "1" "25"
keys r
expect_screen "marked unread: RWKV"
# / Enter applies the filter again: the row goes
keys / Enter
expect_count "0" "25"
expect_eq "$(cat "$state/marks")" "$(printf 'paperdeck-marks 1\ns\tarxiv:2106.09685\nend 1')"
# unstarring LoRA (the first row of is:starred): it stays, without its star,
# until the filter is edited
keys '\' / is:starred Enter
expect_count "1"
keys '*'
expect_screen "unstarred: $lora"
expect_count "1" "25"
expect_no_screen "$star_lora"
expect_screen "▶LoRA: Low-Rank Adaptation"
keys / BSpace d Enter
expect_count "0" "25"
expect_eq "$(cat "$state/marks")" "$(printf 'paperdeck-marks 1\nend 0')"
keys q
expect_exit 0

# Another instance's marks are merged, never clobbered: a mark saved behind
# this instance's back survives its next change, and shows after it.
start
expect_count "25"
printf 'paperdeck-marks 1\ns\ttitle:memgpt\nend 1\n' >"$state/marks"
keys '*'
expect_screen "starred: $lora"
expect_eq "$(cat "$state/marks")" "$(printf 'paperdeck-marks 1\ns\tarxiv:2106.09685\ns\ttitle:memgpt\nend 2')"
keys / is:starred Enter
expect_count "2"
expect_screen "★ MemGPT"
keys q
expect_exit 0

# A corrupt marks file: reported on the bottom line, kept aside, the
# browser starts with no marks and saves new ones.
printf 'paperdeck-marks 1\ns\tarxiv:2106.09685\n' >"$state/marks"
start
expect_count "25"
expect_screen "was corrupt (truncated"
expect_not_contains "$(screen)" "★"
expect_eq "$(ls "$state" | grep -c '^marks\.corrupt-')" 1
keys '*'
expect_screen "$star_lora"
expect_eq "$(cat "$state/marks")" "$(printf 'paperdeck-marks 1\ns\tarxiv:2106.09685\nend 1')"

# b: the BibTeX entry full screen; y copies it (OSC 52 into tmux's buffer);
# Esc closes it, and q too.
keys b
expect_screen "@inproceedings{lora2022low,"
s=$(screen)
expect_contains "$s" "title = {{LoRA}: Low-Rank Adaptation of Large Language Models},"
expect_contains "$s" "booktitle = {{ICLR} 2022},"
expect_contains "$s" "eprint = {2106.09685},"
expect_contains "$s" "archivePrefix = {arXiv},"
expect_contains "$s" " BibTeX "
expect_contains "$s" "y copy"
expect_not_contains "$s" "Categories"
keys y
expect_screen "copied to tmux buffer and sent to terminal (OSC 52): the BibTeX entry ("
bib=$("$PAPERDECK" list -f bibtex -q "'LoRA")
for ((i = 0; i < 50; i++)); do
    [ "$(t show-buffer 2>/dev/null)" == "$bib" ] && break
    sleep 0.1
done
expect_eq "$(t show-buffer 2>/dev/null)" "$bib"
keys Escape
expect_screen "Categories"
expect_no_screen "@inproceedings"
keys j b
expect_screen "@misc{rwkv2023reinventing,"
keys q
expect_no_screen "@misc{rwkv2023reinventing,"
expect_screen "Categories"
# the help lists the new keys from the keymap
keys '?'
expect_screen "Moving"
keys G
expect_screen "Marks and citing"
s=$(screen)
expect_contains "$s" "star or unstar the entry"
expect_contains "$s" "mark the entry read or unread"
expect_contains "$s" "BibTeX of the entry"
# Esc, then q, typed apart: sent in one write, ESC q is Alt-q (issue 14)
keys Escape
expect_no_screen "Marks and citing"
keys q
expect_exit 0

# R (reloading the lists) also picks up what another instance marked.
start -- "$SOURCE_DIR/data/efficiency.yaml"
expect_count "25"
printf 'paperdeck-marks 1\nsr\ttitle:memgpt\nend 1\n' >"$state/marks"
keys R
expect_screen "reloaded: 25 entries"
keys / is:starred Enter
expect_count "1"
expect_screen "★ MemGPT"
keys q
expect_exit 0

# Marking is off without a state directory: said so, nothing breaks.
start -e HOME= -e XDG_STATE_HOME=
expect_count "25"
keys '*'
expect_screen "marks are off"
keys q
expect_exit 0

finish
