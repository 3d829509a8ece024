#!/usr/bin/env bash
# Hostile input on the command line: lists other people wrote may carry
# terminal controls, broken UTF-8, NUL bytes, huge or deeply nested values and
# alias bombs. Each case has its expected exit status and message; nothing
# crashes or hangs (every run is under `timeout`), and no control character
# reaches the output except our own colour SGR with --color=always.
# The corpus is tests/hostile/; big inputs are generated here, not committed.
. "$(dirname "$0")/lib.sh"
hostile=$SOURCE_DIR/tests/hostile
controls=$hostile/controls.yaml
LIMIT=60 # seconds any one run may take (valgrind included)

# pd ARGS...: paperdeck under a time limit (124: it hung).
pd() { run timeout "$LIMIT" "$PAPERDECK" "$@"; }

# raw_controls TEXT: the terminal controls in TEXT (C0 but tab and newline,
# DEL, and C1 as UTF-8), one per line as hex; empty when there are none.
raw_controls() {
    printf '%s' "$1" | LC_ALL=C grep -o $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' | od -An -tx1 | head -5
}
expect_no_controls() {
    local found
    found=$(raw_controls "$1")
    [ -z "$found" ] && pass || fail "$2: raw control bytes in the output: $found"
}

# --- terminal controls in every field ---------------------------------------
pd check "$controls"
expect_status 0
for fmt in table tsv json markdown; do
    pd list -f "$fmt" "$controls"
    expect_status 0
    expect_no_controls "$out" "list -f $fmt"
    expect_contains "$out" "Plain title for comparison"
done
# The table shows pictures in place of ESC and BEL, U+FFFD for C1.
pd list "$controls"
expect_contains "$out" "CSI ␛[31mred␛[0m and ␛[2J clear"
expect_contains "$out" "C1 �1;31m csi"
expect_contains "$out" "Bell ␇ and DEL ␡ and ESC alone ␛"
# TSV: every field of the entry, tabs and newlines inside values are spaces.
pd list -f tsv -q "'CSI" "$controls"
expect_lines "$out" 2
expect_eq "$(printf '%s\n' "$out" | tail -1 | awk -F'\t' '{print NF}')" \
    "$(printf '%s\n' "$out" | head -1 | awk -F'\t' '{print NF}')"
expect_contains "$out" "Notes ␛]52;c;ZXZpbA==␛\\ st, �dcs�, back␈space, cr return"
# JSON keeps the data exact, escaped: C0 and C1 as \u00XX.
pd list -f json "$controls"
expect_contains "$out" '"title": "CSI \u001b[31mred\u001b[0m and \u001b[2J clear"'
expect_contains "$out" '"org": "Org \u009b31m c1"'
expect_contains "$out" '"Bell \u0007\u0007\u0007"'
expect_contains "$out" '\u0090dcs\u009c'
# YAML output escapes them and loads back to the same entries.
pd list -f yaml "$controls"
expect_status 0
expect_no_controls "$out" "list -f yaml"
printf '%s\n' "$out" >"$scratch/again.yaml"
pd list -f json "$scratch/again.yaml"
expect_contains "$out" '"title": "CSI \u001b[31mred\u001b[0m and \u001b[2J clear"'
expect_contains "$out" '"org": "Org \u009b31m c1"'
# With colour the only escapes are our own SGR sequences.
pd list --color=always -q "red | clip | bell" "$controls"
expect_status 0
expect_contains "$out" $'\e[1m'
expect_no_controls "$(printf '%s' "$out" | sed $'s/\x1b\\[[0-9;]*m//g')" "list --color=always"
# Error messages quote hostile keys and values harmlessly.
printf 'paperdeck: 1\ntitle: x\n"k\\e]0;pwn\\a": 1\nsections:\n  - name: S\n    entries:\n      - title: t\n        kind: "\\e[31mbad"\n' \
    >"$scratch/badkey.yaml"
pd check "$scratch/badkey.yaml"
expect_status 2
expect_contains "$err" 'badkey.yaml:3:1: error: unknown key "k␛]0;pwn␇" at the top level'
expect_contains "$err" 'badkey.yaml:8:15: error: unknown kind "␛[31mbad"'
expect_no_controls "$err" "check messages"
# Markdown may carry raw controls: imported as data, escaped in the YAML.
pd import "$hostile/controls.md"
expect_status 0
expect_no_controls "$out" "import"
expect_contains "$out" 'title: "[Raw \e[31mred'
expect_contains "$out" 'venue: "V\x9B"'
pd list "$hostile/controls.md"
expect_status 0
expect_no_controls "$out" "list of a markdown list"

# A hostile environment: COLUMNS (read when stdout is a terminal without a
# size, as under script(1)) out of any range is ignored, not misread.
if command -v script >/dev/null 2>&1; then
    tty_list 30 -q "'Plain" "$controls"
    expect_status 0
    expect_contains "$out" "Plain tit…"
    for cols in 99999999999999999999 -5 80x abc 0; do
        tty_list "$cols" -q "'Plain" "$controls"
        expect_status 0
        expect_contains "$out" "Plain title for comparison"
    done
fi

# --- broken encodings -------------------------------------------------------
bad_utf8() { # NAME BYTES: a list whose title holds BYTES
    printf 'paperdeck: 1\ntitle: "a%bb"\nsections: []\n' "$2" >"$scratch/$1.yaml"
}
bad_utf8 invalid '\xff'
pd check "$scratch/invalid.yaml"
expect_status 2
expect_contains "$err" "invalid.yaml:2:10: error: invalid UTF-8 byte 0xFF"
bad_utf8 overlong '\xc0\xaf'
pd list "$scratch/overlong.yaml"
expect_status 2
expect_eq "$out" ""
expect_contains "$err" "overlong.yaml:2:10: error: invalid UTF-8 byte 0xC0"
bad_utf8 overlong3 '\xe0\x80\xaf'
pd check "$scratch/overlong3.yaml"
expect_status 2
expect_contains "$err" "overlong3.yaml:2:10: error: invalid UTF-8 byte 0xE0"
bad_utf8 surrogate '\xed\xa0\x80'
pd check "$scratch/surrogate.yaml"
expect_status 2
expect_contains "$err" "surrogate.yaml:2:10: error: invalid UTF-8 byte 0xED"
bad_utf8 truncated '\xe4\xb8'
pd check "$scratch/truncated.yaml"
expect_status 2
expect_contains "$err" "truncated.yaml:2:10: error: invalid UTF-8 byte 0xE4"
printf '# T\n\n- [a](https://x) \xc0\xaf ICLR 2020\n' >"$scratch/overlong.md"
pd import "$scratch/overlong.md"
expect_status 2
expect_contains "$err" "overlong.md:3:18: error: invalid UTF-8 (byte 0xC0)"

# NUL: raw in the file, and escaped inside a scalar.
printf 'paperdeck: 1\ntitle: x\nsections:\n  - name: S\n    entries:\n      - title: nul\0here\n' \
    >"$scratch/nul-raw.yaml"
pd check "$scratch/nul-raw.yaml"
expect_status 2
expect_contains "$err" "nul-raw.yaml:6:19: error: NUL byte"
printf 'paperdeck: 1\ntitle: x\nsections:\n  - name: S\n    entries:\n      - title: "nul\\0here"\n' \
    >"$scratch/nul-escaped.yaml"
pd check "$scratch/nul-escaped.yaml"
expect_status 2
expect_contains "$err" 'nul-escaped.yaml:6:16: error: expected a non-empty string for "title", found a string with a NUL character'
printf 'paperdeck: 1\ntitle: x\nsections:\n  - name: S\n    entries:\n      - title: t\n        notes: "a\\0b"\n        tags: ["x\\0"]\n' \
    >"$scratch/nul-fields.yaml"
pd check "$scratch/nul-fields.yaml"
expect_status 2
expect_contains "$err" "nul-fields.yaml:7:16: error:"
expect_contains "$err" "nul-fields.yaml:8:16: error:"
printf '# T\n\n- [a\0b](https://x) ICLR 2020\n' >"$scratch/nul.md"
pd import "$scratch/nul.md"
expect_status 2
expect_contains "$err" "nul.md:3:"

# --- sizes and shapes -------------------------------------------------------
# Empty files.
: >"$scratch/empty.yaml"
pd check "$scratch/empty.yaml"
expect_status 2
expect_contains "$err" "empty.yaml: error: empty file"
: >"$scratch/empty.md"
pd import "$scratch/empty.md"
expect_status 2
expect_contains "$err" "empty.md: error: empty file"
pd list - </dev/null
expect_status 2
expect_contains "$err" "empty file"

# A title of 1 MB (and a regex that backtracks catastrophically on it).
{
    printf 'paperdeck: 1\ntitle: big\nsections:\n  - name: S\n    entries:\n      - title: '
    head -c 1048576 /dev/zero | tr '\0' a
    printf 'b\n        year: 2020\n      - title: small one\n'
} >"$scratch/big.yaml"
pd list -f tsv "$scratch/big.yaml"
expect_status 0
expect_eq "$(printf '%s\n' "$out" | sed -n 2p | cut -f1 | wc -c)" 1048578
pd list -q "aab" -f tsv "$scratch/big.yaml"
expect_status 0
expect_lines "$out" 2
pd list -q '/(a+)+$/' "$scratch/big.yaml"
expect_status 2
expect_contains "$err" 'regex gave up (backtracking limit) on "(a+)+$"'

# 100 000 sections deep (flow style: block style would be gigabytes).
n=100000
{
    printf 'paperdeck: 1\ntitle: deep\nsections: '
    for ((i = 0; i < n / 1000; i++)); do printf '%.0s[{name: s, sections: ' {1..1000}; done
    printf '[]'
    for ((i = 0; i < n / 1000; i++)); do printf '%.0s}]' {1..1000}; done
    printf '\n'
} >"$scratch/deep.yaml"
pd check "$scratch/deep.yaml"
expect_status 2
expect_contains "$err" "deep.yaml:3:1356: error: sections nested deeper than 64"
expect_contains "$err" "error: sequences and mappings nested deeper than 256"
expect_lines "$err" 3
# The same depth of bare flow sequences.
{ printf 'paperdeck: 1\ntitle: deep\nsections: '; head -c $n /dev/zero | tr '\0' '['; printf '\n'; } \
    >"$scratch/brackets.yaml"
pd check "$scratch/brackets.yaml"
expect_status 2
expect_contains "$err" "brackets.yaml:3:266: error: sequences and mappings nested deeper than 256"
expect_lines "$err" 3
# Markdown: 100 000 nested quotes and list markers on one line.
{ printf '# T\n\n'; head -c $n /dev/zero | tr '\0' '>'; printf ' [a](https://x) ICLR 2020\n'
  for ((i = 0; i < n / 1000; i++)); do printf '%.0s- ' {1..1000}; done; printf '[b](https://y) ICLR 2021\n'
} >"$scratch/deep.md"
pd list -f tsv "$scratch/deep.md"
[ "$status" -le 2 ] && pass || fail "deep markdown: exit status $status"
expect_not_contains "$err" "AddressSanitizer"

# A billion laughs: aliases are refused at once, not expanded.
{
    printf 'paperdeck: 1\ntitle: bomb\nlol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev=a
    for k in b c d e f g h i j; do
        printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $k $k $prev $prev $prev $prev $prev $prev $prev $prev $prev
        prev=$k
    done
    printf 'sections:\n  - name: S\n    entries: *j\n'
} >"$scratch/bomb.yaml"
pd check "$scratch/bomb.yaml"
expect_status 2
expect_contains "$err" "bomb.yaml:3:6: error: anchors are not supported"
expect_contains "$err" "bomb.yaml:4:8: error: aliases are not supported"
expect_contains "$err" "bomb.yaml:15:14: error: aliases are not supported"
# Aliases where the format has a value: refused too.
printf 'paperdeck: 1\ntitle: &t x\nsections:\n  - name: *t\n    entries: []\n' >"$scratch/alias.yaml"
pd check "$scratch/alias.yaml"
expect_status 2
expect_contains "$err" "alias.yaml:4:11: error: aliases are not supported"

finish
