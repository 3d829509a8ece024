#!/usr/bin/env bash
# format.sh [--check]: clang-format (the style in .clang-format) over the C
# sources: src/, include/, tests/unit and bench.
#   --check  changes nothing; lists every place that is not formatted and
#            exits 1 if there is one (lint.sh and so CI run this)
#   (none)   formats the files in place
# CLANG_FORMAT names the binary (default: clang-format). The style is tuned
# for clang-format 14; another major version may wrap a few lines otherwise.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cf=${CLANG_FORMAT:-clang-format}
command -v "$cf" >/dev/null 2>&1 || {
    printf '==> format.sh needs %s (Debian: apt-get install clang-format)\n' "$cf" >&2
    exit 2
}
cd "$root"
mapfile -t files < <(find src include tests/unit bench -name '*.[ch]' -type f | sort)

case "${1:-}" in
--check)
    "$cf" --style=file --dry-run -Werror "${files[@]}"
    ;;
'')
    "$cf" --style=file -i "${files[@]}"
    ;;
*)
    printf 'usage: %s [--check]\n' "$0" >&2
    exit 2
    ;;
esac
