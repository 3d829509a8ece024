#!/usr/bin/env bash
# The settings file in the browser: default sort, visible columns, key
# rebinding through the keymap table (the help shows the new keys), a bad
# line reported with file:line on the bottom line and skipped.
. "$(dirname "$0")/lib.sh"

conf=$scratch/config.txt
cat >"$conf" <<'CONF'
# settings for the test
sort = year:desc
columns = title, year
bind x = help
unbind q
bind Q = quit
color.nosuch = red
bind Ctrl-G = sort-reverse
CONF

start -e PAPERDECK_CONFIG="$conf"
expect_screen "sort: year ▼"
expect_screen "settings: $conf:7: error: unknown colour role 'nosuch'"
header=$(screen | sed -n 2p)
expect_contains "$header" "Year▼"
expect_not_contains "$header" "Venue"
expect_not_contains "$header" "arXiv"
want=$(cli -f tsv -s year:desc | sed -n 2p | cut -f1)
expect_contains "$(screen | sed -n 3p)" "▶${want:0:30}"

# q is unbound: nothing happens (the message goes, paperdeck stays)
keys q
expect_no_screen "settings:"
settle
[ -s "$scratch/rc" ] && fail "q still quits" || pass
# x shows the help, which lists x with the other keys of help
keys x
expect_screen "paperdeck 0.1.0 help"
keys G # the Other group is at the end
expect_screen "quit at once"
help_line=$(screen | grep -F "this help" | grep -v "close")
expect_contains "$help_line" "? F1 x"
expect_not_contains "$(screen | grep -F "quit (closes")" " q "
keys Escape
expect_no_screen "paperdeck 0.1.0 help"
# a Ctrl key bound by name
keys C-g
expect_screen "sort: year ▲"
# the bottom line's hint follows the binding of quit
expect_contains "$(screen | tail -1)" "Q quit"
keys Q
expect_exit 0

# the same settings through XDG_CONFIG_HOME
mkdir -p "$scratch/xdg/paperdeck"
printf 'sort = title\n' >"$scratch/xdg/paperdeck/config"
start -e XDG_CONFIG_HOME="$scratch/xdg"
expect_screen "sort: title ▲"
keys q
expect_exit 0

# colours: a role set by name and number, with an attribute
printf 'color.venue = red on 22 underline\n' >"$scratch/colors.conf"
start -e PAPERDECK_CONFIG="$scratch/colors.conf"
expect_count 25
expect_contains "$(screen -e | grep -F "Reformer" | head -1)" $'\e[4m\e[31m\e[48;5;22mICLR 2020'
keys q
expect_exit 0
# theme = mono: no colour at all, the selection still shows (reverse)
printf 'theme = mono\n' >"$scratch/mono.conf"
start -e PAPERDECK_CONFIG="$scratch/mono.conf"
expect_count 25
expect_not_contains "$(screen -e)" $'\e[38;5;'
expect_not_contains "$(screen -e)" $'\e[31m'
expect_contains "$(screen -e | grep -F "LoRA" | head -1)" $'\e[7m'
keys q
expect_exit 0

# -s on the command line wins over the settings
start -e PAPERDECK_CONFIG="$conf" -- -s venue
expect_screen "sort: venue ▲"
keys Q
expect_exit 0

finish
