#!/usr/bin/env bash
# Keys held over a slow search (issue 15): keys come faster than the search
# ends. A key waiting stops the search, but once the screen has been behind
# the typing for three frames, keys that only type or delete text let the
# search finish and show, so the screen follows the typing instead of
# waiting for it to pause; Esc always stops the search at once, an arrow
# is answered before the search goes on, and a text that does not compile
# leaves nothing of an older one due, nor does Enter on the text on screen. The test
# knob makes every search 120 ms slower, as a big list's is.
. "$(dirname "$0")/lib.sh"

# the query of the result on screen (the status line), "" for none
shown_query() { screen | head -1 | sed -n 's/.*query: \(.*[^ ]\)  *…\{0,1\}[0-9]*\/25  .*/\1/p'; }

start -e PAPERDECK_TEST_SLOW_SEARCH=120
expect_count 25
keys /
expect_screen "Enter keep"

# 1. one key every 25 ms or so: results for earlier prefixes show while
# the keys still come (without the rule, each key would stop the search
# before it ended, and nothing would show until the last key)
text="efficient transformers are rnns with linear attention"
seen=()
for ((i = 0; i < ${#text} - 1; i++)); do
    type_text "${text:i:1}"
    sleep 0.025
    q=$(shown_query)
    [ -n "$q" ] && [ "$q" != "${seen[-1]:-}" ] && seen+=("$q")
done
type_text "${text: -1}"
if [ ${#seen[@]} -ge 2 ]; then
    pass
else
    fail "while typing, the screen showed the results of ${#seen[@]} queries (${seen[*]:-none}), not 2 or more"
fi
for q in "${seen[@]}"; do
    [[ "$text" == "$q"* ]] && pass || fail "showed [$q], which is no prefix of [$text]"
done
# the newest query ends on screen
expect_screen "query: $text"
expect_screen "/$text"

# 2. Backspaces held: the same, back to the first word
for ((i = 0; i < ${#text} - 9; i++)); do
    keys BSpace
    sleep 0.025
done
expect_screen "query: efficient  "

# 3. Esc stops a search at once: with each search 5 s slower, a letter and
# Esc restore the whole list long before the letter's search would end
t kill-server
start -e PAPERDECK_TEST_SLOW_SEARCH=5000
expect_count 25
keys /
expect_screen "Enter keep"
type_text "x"
sleep 0.1
keys Escape
sleep 2
expect_contains "$(screen | head -1)" "25/25"
expect_not_contains "$(screen | tail -1)" "Enter keep"
keys q
expect_exit 0

# 4. An arrow pressed while a search runs is answered at once, on the
# result shown, and the search goes on after it: with each search 3 s
# slower, Down moves the selection long before the letter's result shows.
# When it shows, the selection is moved on it as well (the arrow came
# after the text); the result of a letter typed after that starts at the top.
t kill-server
start -e PAPERDECK_TEST_SLOW_SEARCH=3000
expect_count 25
keys /
expect_screen "Enter keep"
type_text "t"
sleep 0.2
keys Down
sleep 0.8
expect_contains "$(screen)" " 2/25 "
expect_contains "$(screen | head -1)" "25/25"
expect_screen "query: t  "
matches=$(screen | head -1 | sed -n 's/.*query: t  *\([0-9]*\)\/25 .*/\1/p')
[ "${matches:-0}" -ge 3 ] && pass || fail "t matched ${matches:-nothing}, not 3 or more"
expect_screen " 2/$matches "
type_text "r"
sleep 0.2
keys Down
sleep 0.3
type_text "a"
sleep 0.8
expect_screen "query: tra  "
matches=$(screen | head -1 | sed -n 's/.*query: tra  *\([0-9]*\)\/25 .*/\1/p')
expect_screen "─ 1/$matches ─"
keys Escape
expect_count 25

# 5. A text that does not compile, typed while a search was given up for
# an arrow: its error stays, and the text given up on is not searched
# again behind it (it would show its result under the wrong prompt)
# ("e": a letter not searched before in this run, so not kept either)
keys /
expect_screen "Enter keep"
type_text "e"
sleep 0.2
keys Down '"'
expect_screen "unclosed quote"
sleep 3.5
expect_contains "$(screen | tail -1)" "unclosed quote"
expect_not_contains "$(screen | head -1)" "query: e"
expect_contains "$(screen | head -1)" " 25/25  sort:"
keys Escape
expect_count 25

# 6. Enter after a backspace over a letter whose search was given up keeps
# the text on screen: the letter's search is not run again behind the
# closed prompt (it would show a filter nobody kept)
keys /
expect_screen "Enter keep"
type_text "li"
expect_screen "query: li  "
type_text "n"
sleep 0.3
keys BSpace Enter
sleep 3.5 # past the given-up search's 3 s, had it run again
expect_contains "$(screen | head -1)" "query: li  "
expect_not_contains "$(screen | head -1)" "query: lin"
expect_not_contains "$(screen | tail -1)" "Enter keep"
keys q
expect_exit 0
finish
