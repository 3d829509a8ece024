#!/usr/bin/env bash
# dev.sh: one entry point for people and CI.
#   scripts/dev.sh run [ARGS...]  install what is missing, build, start paperdeck
#   scripts/dev.sh test           install what is missing, build, run the whole
#                                 test suite (ctest), then again under ASan+UBSan
#   scripts/dev.sh build          install what is missing and build only
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
build_asan="$root/build-asan"
jobs=$(nproc 2>/dev/null || echo 2)

# Debian package names of everything the build and the tests use.
packages=(build-essential cmake pkg-config libncurses-dev libyaml-dev libpcre2-dev tmux)

say() { printf '==> %s\n' "$*" >&2; }

install_packages() {
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        say "no apt-get here: install these (or your system's equivalents) yourself:"
        say "  C compiler, cmake >= 3.25, pkg-config, ncursesw, libyaml, pcre2 (8-bit), tmux"
        say "  Debian names: ${packages[*]}"
        return 0
    fi
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { say "need root or sudo to install: ${missing[*]}"; exit 2; }
        sudo=(sudo)
    fi
    say "installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() { # dir, extra cmake args...
    local dir=$1
    shift
    cmake -S "$root" -B "$dir" -DPAPERDECK_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
run)
    install_packages
    configure_and_build "$build"
    exec "$build/paperdeck" "$@"
    ;;
build)
    install_packages
    configure_and_build "$build"
    ;;
test)
    install_packages
    say "build (-Wall -Wextra -Werror) and test"
    configure_and_build "$build"
    ctest --test-dir "$build" --output-on-failure -j "$jobs"
    say "build with ASan+UBSan and test again"
    configure_and_build "$build_asan" -DPAPERDECK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$build_asan" --output-on-failure -j "$jobs"
    ;;
*)
    echo "usage: scripts/dev.sh run [ARGS...] | test | build" >&2
    exit 2
    ;;
esac
