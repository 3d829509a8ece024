#!/usr/bin/env bash
# `cmake --install` puts the binary, the man page, the completions and the
# data file in the GNU directories under the prefix, and what it installs
# works: the binary runs, man finds the page, bash loads the completion.
. "$(dirname "$0")/lib.sh"
: "${BUILD_DIR:?BUILD_DIR must name the build directory}"

prefix=$scratch/prefix
run cmake --install "$BUILD_DIR" --prefix "$prefix"
expect_status 0
for f in bin/paperdeck share/man/man1/paperdeck.1 share/paperdeck/efficiency.yaml \
    share/bash-completion/completions/paperdeck share/zsh/vendor-completions/_paperdeck; do
    [ -f "$prefix/$f" ] && pass || expect_eq "missing $prefix/$f" ""
done
expect_eq "$(cmp "$prefix/share/man/man1/paperdeck.1" "$SOURCE_DIR/docs/paperdeck.1" && echo same)" "same"

run "$prefix/bin/paperdeck" list -f tsv
expect_status 0
expect_lines "$out" 26
run "$prefix/bin/paperdeck" check "$prefix/share/paperdeck/efficiency.yaml"
expect_status 0
if command -v man >/dev/null 2>&1; then
    run env MANPATH="$prefix/share/man" man -w paperdeck
    expect_eq "$out" "$prefix/share/man/man1/paperdeck.1"
fi
run bash -c '. "$0"; complete -p paperdeck' "$prefix/share/bash-completion/completions/paperdeck"
expect_eq "$out" "complete -F _paperdeck paperdeck"

finish
