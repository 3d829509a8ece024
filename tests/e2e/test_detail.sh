#!/usr/bin/env bash
# The detail view: every field of the chosen entry with its links numbered,
# as a pane under the table on a tall terminal (following the selection) and
# full screen with Enter (closed with Esc or q).
. "$(dirname "$0")/lib.sh"

# The entry's fields as the command line sees them (TSV columns).
field() { cli -q "$1" -f tsv | sed -n 2p | cut -f"$2"; }

start
expect_count "25"
# The pane follows the selection: LoRA first.
s=$(screen)
expect_contains "$s" "│ LoRA: Low-Rank Adaptation of Large Language Models"
expect_contains "$s" "Venue    ICLR 2022"
expect_contains "$s" "arXiv    2106.09685"
expect_contains "$s" "Org      Microsoft"
expect_contains "$s" "Tags     $(field "'LoRA" 9 | sed 's/,/, /g')"
expect_contains "$s" "Section  Papers/Adapt"
expect_contains "$s" "Kind     paper"
expect_contains "$s" "Year     2022"
expect_contains "$s" "Links    [1] arXiv  https://arxiv.org/abs/2106.09685"
expect_contains "$s" "[2] PDF    https://arxiv.org/pdf/2106.09685"
keys j
expect_screen "│ RWKV: Reinventing RNNs for the Transformer Era"
expect_screen "arXiv    2305.13048"
expect_no_screen "Org      Microsoft"

# An entry with an extra link: Transformer Quality in Linear Time has Su's blog.
keys / "'Quality" Enter
expect_count "1"
s=$(screen)
expect_contains "$s" "Org      Google"
expect_contains "$s" "[1] arXiv"
expect_contains "$s" "[3] "
expect_contains "$s" "https://spaces.ac.cn/archives/8934"

# Full screen with Enter: every field, numbered links, Esc goes back.
keys '\' g Enter
expect_screen "Entry 1/25"
s=$(screen)
expect_contains "$s" "│ LoRA: Low-Rank Adaptation of Large Language Models"
expect_contains "$s" "Venue    ICLR 2022"
expect_contains "$s" "Org      Microsoft"
expect_contains "$s" "[1] arXiv  https://arxiv.org/abs/2106.09685"
expect_contains "$s" "Esc back"
expect_not_contains "$s" "Categories"
keys Escape
expect_screen "Categories"
expect_no_screen "Entry 1/25"
keys Enter
expect_screen "Entry 1/25"
keys q
expect_screen "Categories"
keys q
expect_exit 0

# A CJK blog entry, and the narrow layout: 80x24 has no detail pane, Enter
# opens the full-screen view, whose title wraps.
start -w 80 -h 24 -- -q "'为节约"
expect_count "1"
expect_no_screen "├ Detail"
keys Enter
expect_screen "Entry 1/1"
s=$(screen)
expect_contains "$s" "为节约而生：从标准Attention到稀疏Attention"
expect_contains "$s" "Kind     blog"
expect_contains "$s" "Section  Blogs"
expect_contains "$s" "[1] page"
expect_contains "$s" "https://spaces.ac.cn/archives/6853"
keys Escape
expect_screen "/ filter"
# d hides and shows the pane on a tall terminal.
keys q
expect_exit 0
start
expect_screen "├ Detail"
keys d
expect_no_screen "├ Detail"
keys d
expect_screen "├ Detail"
keys q
expect_exit 0

finish
