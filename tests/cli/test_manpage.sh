#!/usr/bin/env bash
# The manual page renders without a warning, and cannot drift from the
# program: every key of the keymap table (src/ui/keymap.c, the table the ?
# screen is generated from), every action name bindings take (the name
# column of src/ui/actions.h's UI_ACTIONS), every colour
# role, every long option of --help and every command is in it; the options
# it lists are the ones --help lists; its version is the program's.
. "$(dirname "$0")/lib.sh"

page=$SOURCE_DIR/docs/paperdeck.1
keymap=$SOURCE_DIR/src/ui/keymap.c
actions_h=$SOURCE_DIR/src/ui/actions.h
theme=$SOURCE_DIR/src/ui/theme.c

# want MESSAGE CMD...: passes when CMD succeeds.
want() {
    local msg=$1
    shift
    if "$@"; then pass; else fail "$msg"; fi
}
has_line() { grep -qxF -- "$2" <<<"$1"; }   # has_line TEXT LINE
has_re() { grep -qE -- "$2" <<<"$1"; }      # has_re TEXT REGEX

if ! command -v groff >/dev/null 2>&1; then
    echo "FAILED: checking the manual page needs groff (Debian: apt-get install groff-base)" >&2
    exit 1
fi

# --- renders cleanly ----------------------------------------------------------
groff -man -ww -z -Tutf8 "$page" 2>"$scratch/groff.err"
expect_eq "$(cat "$scratch/groff.err")" ""
if command -v man >/dev/null 2>&1; then
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" >"$scratch/man.txt" 2>"$scratch/man.err"
    expect_eq "$(cat "$scratch/man.err")" ""
    text=$(cat "$scratch/man.txt")
else
    text=$(groff -man -Tutf8 -P-cbou "$page" 2>/dev/null)
fi
for heading in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS QUERIES KEYS CONFIGURATION \
    ACTIONS COLOURS FILES ENVIRONMENT "EXIT STATUS" EXAMPLES; do
    want "no section $heading in the rendered page" has_line "$text" "$heading"
done
for word in BROWSER NO_COLOR XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME TERM \
    PAPERDECK_CONFIG; do
    expect_contains "$(sed -n '/^ENVIRONMENT/,/^EXIT STATUS/p' <<<"$text")" "$word"
done

# the roff of one section (.SH NAME up to the next .SH), hyphens plain
section() { sed -n "/^\.SH $1\$/,/^\.SH [A-Z]/p" "$page" | sed 's/\\-/-/g'; }

# --- keys ---------------------------------------------------------------------
# The key names of the table: the first string of every K(...) line, with
# its C escapes (\u2193, \\) decoded.
mapfile -t key_names < <(sed -n '/^static const keybinding defaults\[\]/,/^};/p' "$keymap" \
    | grep -E '^\s*K\(' | sed -E 's/^[^"]*"(([^"\\]|\\.)*)".*/\1/')
want "only ${#key_names[@]} keys read from $keymap" [ "${#key_names[@]}" -ge 40 ]
# The tags of the KEYS section (the line after each .TP) as words.
tags=$(section KEYS | awk '/^\.TP/ { getline; print }' \
    | sed -E 's/^\.(B|BR|BI|I|IR|RB) //; s/" *, *"/ /g; s/"//g' \
    | sed 's/\\(da/↓/g; s/\\(ua/↑/g; s/\\(<-/←/g; s/\\(->/→/g; s/\\e/\\/g' \
    | sed 's/^1 - 9$/1 2 3 4 5 6 7 8 9/' | tr ' ' '\n')
for raw in "${key_names[@]}"; do
    name=$(printf '%b' "$raw")
    want "key '$name' of $keymap is not in the KEYS section of $page" has_line "$tags" "$name"
done
# and no key in the page that the table does not have
decoded=$(for raw in "${key_names[@]}"; do printf '%b\n' "$raw"; done)
while IFS= read -r tag; do
    [ -z "$tag" ] && continue
    want "the page lists key '$tag', which the keymap table does not have" has_line "$decoded" "$tag"
done <<<"$tags"

# --- action names, colour roles ----------------------------------------------
# a row is _(ID, "name", ...) or _(ID, NULL, ...) for one that cannot be bound
table=$(sed -n '/^#define UI_ACTIONS(/,/clang-format on/p' "$actions_h")
rows=$(grep -cE '^ +_\([A-Z_]+,' <<<"$table")
unbindable=$(grep -cE '^ +_\([A-Z_]+, NULL,' <<<"$table")
mapfile -t actions < <(grep -oE '^ +_\([A-Z_]+, "[a-z-]+"' <<<"$table" | sed -E 's/.*"(.*)"/\1/')
want "only ${#actions[@]} action names read" [ "${#actions[@]}" -ge 25 ]
want "$rows rows in UI_ACTIONS, but ${#actions[@]} names and $unbindable NULLs read" \
    [ $((${#actions[@]} + unbindable)) -eq "$rows" ]
acts=$(section ACTIONS)
for a in "${actions[@]}"; do
    want "action '$a' is not in the ACTIONS section" has_re "$acts" "^\.BR? $a( |$)"
done
mapfile -t roles < <(sed -n '/role_names\[ROLE_COUNT_\] = {/,/^};/p' "$theme" \
    | grep -oE '\] = "[a-z-]+"' | sed -E 's/.*"(.*)"/\1/')
want "only ${#roles[@]} colour roles read" [ "${#roles[@]}" -ge 20 ]
cols=$(section COLOURS)
for r in "${roles[@]}"; do
    want "colour role '$r' is not in the COLOURS section" has_re "$cols" "^\.BR? $r( |$)"
done

# --- options and commands, both ways ---------------------------------------
run "$PAPERDECK" --help
expect_status 0
help=$out
opts_help=$(grep -oE -- '--[a-z][a-z-]+' <<<"$help" | sort -u)
opts_page=$(section OPTIONS | grep -A1 '^\.TP' | grep -oE -- '--[a-z][a-z-]+' | sort -u)
want "no long options in --help" [ -n "$opts_help" ]
for o in $opts_help; do
    want "option $o of --help is not in the OPTIONS section" has_line "$opts_page" "$o"
done
for o in $opts_page; do
    want "option $o of the page is not in --help" has_line "$opts_help" "$o"
done
shorts_help=$(grep -oE -- '^ +-[a-zA-Z],' <<<"$help" | tr -d ' ,' | sort -u)
for s in $shorts_help; do
    expect_contains "$(section OPTIONS)" ".BR $s \", \""
done
expect_contains "$help" "paperdeck [browse]"
for cmd in browse list check import; do
    [ "$cmd" == browse ] || expect_contains "$help" "paperdeck $cmd"
    expect_contains "$(section COMMANDS)" ".B $cmd"
done

# --- no stray quotes of a .BI line; what --help and the page say agree --------
expect_not_contains "$text" '["'
expect_not_contains "$text" '"]'
want "the color.ROLE line does not render as written" \
    has_re "$text" 'color\.ROLE = FG \[on BG\] \[bold\] \[dim\] \[underline\] \[reverse\]'
# Ctrl-C cancels the prompt (filter.c), and the page says so
want "the page does not say Ctrl-C cancels the prompt" has_re "$text" 'Ctrl-C.*quit at once \(in the filter prompt it cancels'
for ext in .yaml .yml .md .markdown; do
    expect_contains "$help" "*$ext"
done

# --- the version ------------------------------------------------------------
version=$("$PAPERDECK" --version)
expect_contains "$(grep '^\.TH' "$page")" "\"$version\""

finish
