#!/usr/bin/env bash
# Typing faster than the browser filters (issue 15): every letter of a query
# written at once into a 50k list. Once the screen is quiet, it must show
# the LAST query's result: the status count is `paperdeck list`'s count for
# it and the rows are its first rows. Each query is chosen so that every
# earlier prefix has a different count, so a browser that left an earlier
# prefix's result on screen (a dropped or reordered redraw, a stale search
# finishing last) fails here.
. "$(dirname "$0")/lib.sh"
# The oracle: every prefix the keys below pass through.
big_list_oracles 50000 l lo lor lora "lora " "lora a" "lora at" "lora att" "lora atte" \
    "lora atten" "lora attenx" "lora attenxq" "lora attenxqz" || { finish; exit; }

# distinct FINAL PREFIX...: the final query's count differs from each
# prefix's, so an earlier result left on screen cannot pass for it.
distinct() {
    local final=$1 p want
    want=$(tsv_count "$(oracle "$final")")
    shift
    for p in "$@"; do
        if [ "$(tsv_count "$(oracle "$p")")" = "$want" ]; then
            fail "[$p] and [$final] match as many entries ($want): the test could not tell them apart"
            return
        fi
    done
    pass
}

# quiet_screen TEXT: waits until the prompt line is exactly TEXT (the keys
# are all in) and the screen has not changed for 1.5 s (the browser is done).
quiet_screen() {
    local want=$1 i a b same=0
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        b=$(screen)
        if [ "$(tail -n1 <<<"$b" | sed 's/  .*//')" = "$want" ]; then
            [ "$b" = "${a:-}" ] && same=$((same + 1)) || same=0
            [ $same -lt 15 ] || return 0
        fi
        a=$b
        sleep 0.1
    done
    return 1
}

# final QUERY: after quiet_screen, ONE capture shows QUERY's count and rows.
final() {
    local q=$1 f count got
    f=$(oracle "$q")
    count=$(tsv_count "$f")
    if ! quiet_screen "/$q"; then
        fail "the prompt never settled on [/$q]:
$(screen)"
        return
    fi
    got=$(screen | head -n1 | grep -o '[0-9]*/[0-9]*  sort:' | cut -d/ -f1)
    if [ "$got" != "$count" ]; then
        fail "typed fast [$q]: the status count is [$got], the CLI's is $count:
$(screen)"
        return
    fi
    pass
    local why
    if why=$(rows_differ "$f" 1); then pass; else fail "typed fast [$q]: $why
$(screen)"; fi
}

start -- "$list"
expect_count $N $N
keys /
expect_screen "/"

# Seven letters in one write: l, lo, lor, lora, "lora ", "lora a" all count
# differently from "lora at".
distinct "lora at" l lo lor lora "lora " "lora a"
type_text "lora at"
final "lora at"

# Letters, a typo and its backspace in one go: "lora at" -> "lora atten"
# through "lora attenx" (none) and "lora attenxq".
distinct "lora atten" "lora at" "lora att" "lora atte" "lora attenx" "lora attenxq"
t send-keys -t 0 -l "tenxq" \; send-keys -t 0 BSpace BSpace
final "lora atten"

# Backspaces alone, eight at once, back through searches the index kept.
distinct "lo" "lora atten" "lora atte" "lora att" "lora at" "lora a" "lora " lora lor
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
final "lo"

# The other way: to no match at all, then back to "lora at" in one write.
distinct "lora at" lo lor lora "lora " "lora a" "lora attenxqz"
t send-keys -t 0 -l "ra attenxqz" \; send-keys -t 0 BSpace BSpace BSpace BSpace BSpace BSpace
final "lora at"

keys Escape
expect_count $N $N
keys q
expect_exit 0
finish
