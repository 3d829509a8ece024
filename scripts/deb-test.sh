#!/usr/bin/env bash
# deb-test.sh: builds the Debian package with CPack, installs it with dpkg
# (apt-get install -f for missing dependencies), and checks the installed
# program: `paperdeck list` runs, `man -w paperdeck` finds the page, bash
# finds the completion. Removes the package at the end unless
# KEEP_INSTALLED=1. Needs root (or sudo); meant for CI and fresh machines.
#
#   scripts/deb-test.sh [BUILD_DIR]      (default: build-deb)
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-deb}
say() { printf 'deb-test: %s\n' "$*"; }
die() { printf 'deb-test: FAILED: %s\n' "$*" >&2; exit 1; }

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "needs root or sudo to install the package"
    as_root=(sudo)
fi
for tool in cmake cpack dpkg dpkg-deb; do
    command -v "$tool" >/dev/null 2>&1 || die "needs $tool"
done

say "building in $build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
rm -f "$build"/paperdeck_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/paperdeck_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "cpack made no .deb in $build"
say "made $deb"
dpkg-deb --info "$deb" | sed -n 's/^ *\(Package\|Version\|Architecture\|Depends\): /  \1: /p'

# What must be in it, in the GNU directories under /usr.
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/paperdeck ./usr/share/man/man1/paperdeck.1 \
    ./usr/share/paperdeck/efficiency.yaml ./usr/share/bash-completion/completions/paperdeck \
    ./usr/share/zsh/vendor-completions/_paperdeck; do
    grep -q " $f\$" <<<"$contents" || die "the package lacks $f"
done
depends=$(dpkg-deb --field "$deb" Depends)
for d in libncursesw6 libyaml-0-2 libpcre2-8-0; do
    [[ $depends == *"$d"* ]] || die "Depends lacks $d: $depends"
done

# Minimal images (the Debian docker image) tell dpkg to leave out man
# pages; ours is asked for by name.
say "installing"
if ! "${as_root[@]}" dpkg -i --path-include='/usr/share/man/man1/paperdeck.1*' "$deb"; then
    say "dpkg -i left dependencies missing: apt-get install -f"
    "${as_root[@]}" apt-get install -f -y
fi
dpkg -s paperdeck | grep -q '^Status: install ok installed' || die "paperdeck is not installed"

cleanup() {
    if [ "${KEEP_INSTALLED:-0}" != 1 ]; then
        "${as_root[@]}" dpkg -r paperdeck >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

say "running the installed paperdeck"
cd /
bin=$(command -v paperdeck) || die "paperdeck is not on PATH"
[ "$bin" == /usr/bin/paperdeck ] || die "paperdeck on PATH is $bin, not /usr/bin/paperdeck"
/usr/bin/paperdeck --version
out=$(HOME=/nonexistent XDG_DATA_HOME= XDG_CONFIG_HOME= /usr/bin/paperdeck list -f tsv)
lines=$(printf '%s\n' "$out" | wc -l)
[ "$lines" -eq 26 ] || die "paperdeck list printed $lines lines, expected 26 (header + 25)"
HOME=/nonexistent /usr/bin/paperdeck list -q 'venue:iclr' | head -5
/usr/bin/paperdeck check /usr/share/paperdeck/efficiency.yaml

if ! command -v man >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        say "installing man-db to look the page up"
        "${as_root[@]}" apt-get install -y --no-install-recommends man-db >/dev/null
    else
        die "needs man (man-db) for man -w"
    fi
fi
page=$(man -w paperdeck) || die "man -w paperdeck found no page"
[ "$page" == /usr/share/man/man1/paperdeck.1 ] || die "man -w paperdeck gave $page"
say "man -w paperdeck: $page"
man --warnings -l "$page" >/dev/null 2>"$build/man.err" || die "man cannot show $page"
[ -s "$build/man.err" ] && die "man warns: $(cat "$build/man.err")"

bash -c '. /usr/share/bash-completion/completions/paperdeck && complete -p paperdeck' \
    || die "the bash completion does not load"

say "ok"
