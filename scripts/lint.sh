#!/usr/bin/env bash
# lint.sh [BUILD_DIR]: the formatting check, cppcheck and clang-tidy over
# src/; all three must be clean.
#   format:   scripts/format.sh --check (the style in .clang-format).
#   cppcheck: warning, portability and performance checks; a false positive
#             is silenced at its line with a cppcheck-suppress comment that
#             says why.
#   clang-tidy: the checks in .clang-tidy (the reasons for each are there),
#             with every warning an error.
# BUILD_DIR (default: build) gets compile_commands.json for clang-tidy; it is
# configured, not built (only the generated embedded list is made).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$root/build}")
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2

say() { printf '==> %s\n' "$*" >&2; }

for tool in clang-format cppcheck clang-tidy; do
    command -v "$tool" >/dev/null 2>&1 || {
        say "lint.sh needs $tool (Debian: apt-get install clang-format cppcheck clang-tidy)"
        exit 2
    }
done
cd "$root"
sources=(src/*.c src/ui/*.c)

say "clang-format $(clang-format --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -1) (style in .clang-format)"
"$root/scripts/format.sh" --check

say "cppcheck $(cppcheck --version | cut -d' ' -f2) on src/"
cppcheck --quiet --enable=warning,portability,performance --std=c11 --inline-suppr \
    --error-exitcode=1 -j "$jobs" -I include -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
    -DPCRE2_CODE_UNIT_WIDTH=8 -DNCURSES_WIDECHAR=1 --suppress=missingIncludeSystem \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' "${sources[@]}"

say "clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -1) on src/ (checks in .clang-tidy)"
cmake -S "$root" -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$build" --target paperdeck_core -j "$jobs" >/dev/null # the generated source
printf '%s\n' "${sources[@]}" \
    | xargs -P "$jobs" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null >"$build/clang-tidy.log" \
    || true
if grep -q 'error:\|warning:' "$build/clang-tidy.log"; then
    grep -A3 'error:\|warning:' "$build/clang-tidy.log" >&2
    say "clang-tidy: $(grep -c 'error:\|warning:' "$build/clang-tidy.log") findings"
    exit 1
fi
say "lint clean"
