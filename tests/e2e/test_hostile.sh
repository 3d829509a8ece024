#!/usr/bin/env bash
# Hostile lists in the terminal UI (corpus: tests/hostile/).
#  - Links: only http(s) is opened, always as exactly one argument of the
#    browser (a recorder standing in for $BROWSER), and nothing in a URL is
#    ever run by a shell (a file the URLs try to create never appears).
#  - Text: titles, venues, notes, tags and the list title carry ESC, CSI,
#    OSC 0 / OSC 52, BEL, DEL and C1 controls; the screen shows pictures, and
#    none of them reaches the terminal: tmux would act on them (set its
#    clipboard buffer, the pane title, the bell flag, clear the screen).
#  - A regex that backtracks catastrophically on a long title: the limit's
#    message is shown and keys still work.
. "$(dirname "$0")/lib.sh"
hostile=$SOURCE_DIR/tests/hostile

pwned=$scratch/pwned
mkdir -p "$scratch/bin"
cat >"$scratch/bin/recorder" <<EOF
#!/bin/sh
# one line per argument, then a marker, so the whole argv is checked
for a in "\$@"; do printf '%s\n' "\$a"; done > "$scratch/argv.tmp"
printf 'END\n' >> "$scratch/argv.tmp"
mv "$scratch/argv.tmp" "$scratch/argv"
EOF
chmod +x "$scratch/bin/recorder"

# The URL list, with the pwned path filled in and two very long URLs added:
# 4000 bytes (allowed) and 5000 (over the 4096-byte limit).
long_ok="https://x.example/$(head -c 3982 /dev/zero | tr '\0' a)"
long_bad="https://x.example/$(head -c 4982 /dev/zero | tr '\0' b)"
{
    sed "s|@PWNED@|$pwned|g" "$hostile/urls.yaml.in"
    printf '      - title: "U08 opens long"\n        url: "%s"\n' "$long_ok"
    printf '      - title: "U22 refused too long"\n        url: "%s"\n' "$long_bad"
} >"$scratch/urls.yaml"
urls=$scratch/urls.yaml
expect_eq "${#long_ok}" 4000
"$PAPERDECK" check "$urls" >/dev/null 2>&1
expect_eq "$?" 0

# url_of ID: the url of entry ID as the command line sees it (TSV column 7).
url_of() { "$PAPERDECK" list -f tsv -q "'$1" "$urls" | sed -n 2p | cut -f7; }

# select ID: filters the table down to the entry whose title starts with ID.
select_entry() {
    keys / C-u
    type_text "'$1 "
    keys Enter
    expect_count 1 21
}

start -e BROWSER="$scratch/bin/recorder" -e DISPLAY=:0 -- "$urls"
expect_screen "U01 opens"
for id in U01 U02 U03 U04 U05 U06 U07 U08; do
    select_entry "$id"
    rm -f "$scratch/argv"
    keys o
    want=$(url_of "$id")
    [ -n "$want" ] && pass || fail "$id: no url in the list"
    if wait_file "$scratch/argv"; then
        expect_eq "$(cat "$scratch/argv")" "$want
END"
    else
        fail "$id: the browser was not run: $(screen | tail -1)"
    fi
done
# Which refusal each gets, on the status line.
refused() { # ID MESSAGE
    select_entry "$1"
    rm -f "$scratch/argv"
    keys o
    expect_screen "$2"
    sleep 0.3
    [ ! -e "$scratch/argv" ] && pass || fail "$1: a refused link reached the browser: $(cat "$scratch/argv")"
}
refused U10 "link starts with '-'"
refused U11 "link starts with '-'"
refused U12 "only http and https links are opened (this one is file:)"
refused U13 "only http and https links are opened (this one is javascript:)"
refused U14 "only http and https links are opened (this one is javascript:)"
refused U15 "only http and https links are opened (this one is data:)"
refused U16 "link contains spaces"
refused U17 "link contains control characters"
refused U18 "link contains control characters"
refused U19 "link has no host"
refused U20 "link contains spaces"
refused U21 "only http and https links are opened (this one is ssh:)"
refused U22 "link too long (over 4096 bytes)"
keys q
expect_exit 0
sleep 0.3
found=$(ls "$scratch" | grep pwned)
expect_eq "$found" ""

# --- terminal controls in the text ------------------------------------------
start -- "$hostile/controls.yaml"
expect_screen "Plain title for comparison"
s=$(screen)
expect_contains "$s" "CSI ␛[31mred␛[0m and ␛[2J clear"
expect_contains "$s" "OSC 52 ␛]52;c;cHduZWQ=␇ clipboard"
expect_contains "$s" "Bell ␇ and DEL ␡ and ESC alone ␛"
expect_contains "$s" "C1 �1;31m csi and �0;osc␇ title"
expect_contains "$s" "Sec␛[31mtion"
# The detail view shows every field the same way.
keys g Enter
expect_screen "Entry 1/5"
s=$(screen)
expect_contains "$s" "Venue ␛]52;c;cHduZWQ=␇ clip"
expect_contains "$s" "Org �31m c1"
expect_contains "$s" "Auth ␛[5mblink"
expect_contains "$s" "tag␛[8m"
expect_contains "$s" "Notes ␛]52;c;ZXZpbA==␛\\ st"
keys Escape
expect_screen "Plain title for comparison"
# What tmux would have done with a raw control did not happen.
expect_eq "$(t show-buffer 2>/dev/null)" ""
expect_not_contains "$(t display-message -p -t 0 '#{pane_title}')" "pwned"
expect_eq "$(t display-message -p -t 0 '#{window_bell_flag}')" 0
raw=$(screen -e)
expect_not_contains "$raw" $'\e[31mred'
expect_not_contains "$raw" $'\a'
# The filter finds hostile titles by their visible text too.
keys / C-u
type_text "'clipboard"
keys Enter
expect_count 1 5
keys q
expect_exit 0

# --- a catastrophically backtracking regex on a long title ----------------
{
    printf 'paperdeck: 1\ntitle: Regex\nsections:\n  - name: S\n    entries:\n      - title: '
    head -c 200000 /dev/zero | tr '\0' a
    printf 'b\n      - title: short one\n'
} >"$scratch/long.yaml"
start -- "$scratch/long.yaml"
expect_count 2 2
keys /
type_text '/(a+)+$/'
expect_screen "✗ regex gave up (backtracking limit)"
keys Enter
expect_screen "regex gave up (backtracking limit) on \"(a+)+\$\" (showing the matches found before)"
keys j
expect_no_screen "regex gave up"
keys /
expect_screen "✗ regex gave up (backtracking limit)"
keys C-u
type_text "short"
expect_count 1 2
keys Escape
keys q
expect_exit 0

finish
