#!/usr/bin/env bash
# Colours: 256 colours where the terminal has them, the 8 basic ones on an
# 8-colour terminal, none with NO_COLOR or --color=never or on a monochrome
# terminal, where the selection is reverse video and matches bold+underline.
. "$(dirname "$0")/lib.sh"

# sgr: every SGR parameter list on the screen, one a line.
sgr() { screen -e | grep -o $'\e\\[[0-9;]*m' | sed 's/^\x1b\[//; s/m$//' | sort -u; }
has_256() { sgr | grep -q '38;5;\|48;5;'; }
has_basic_color() { sgr | tr ';' '\n' | grep -qE '^(3[0-7]|4[0-7])$'; }
# the selected row, with its escapes
selected_row() { screen -e | grep -F "▶" | head -1; }

start -- -q "lin att"
expect_screen "query: lin att"
has_256 && pass || fail "no 256-colour escapes at TERM=$term_256: $(sgr | tr '\n' ' ')"
keys q
expect_exit 0

for how in "-e NO_COLOR=1" "-- --color=never"; do
    start $how -q "lin att"
    expect_screen "query: lin att"
    codes=$(sgr | tr '\n' ' ')
    ! has_256 && ! has_basic_color && pass || fail "colours despite $how: $codes"
    # selection bar in reverse video, matched letters bold and underlined
    expect_contains "$(selected_row)" $'\e[7m'
    expect_contains "$(screen -e | grep -F "former: Self-" | tail -1)" $'\e[1;4m'
    keys q
    expect_exit 0
done

# An 8-colour terminal gets the basic colours only.
if infocmp screen >/dev/null 2>&1; then
    start -t screen -- -q "lin att"
    expect_screen "query: lin att"
    codes=$(sgr | tr '\n' ' ')
    ! has_256 && has_basic_color && pass || fail "8-colour terminal got: $codes"
    keys q
    expect_exit 0
fi

# A terminal without colours: attributes only.
if infocmp vt220 >/dev/null 2>&1; then
    start -t vt220 -- -q "lin att"
    expect_screen "lin att"
    codes=$(sgr | tr '\n' ' ')
    ! has_256 && ! has_basic_color && pass || fail "monochrome terminal got: $codes"
    expect_contains "$(selected_row)" $'\e[7m'
    keys q
    expect_exit 0
fi

finish
