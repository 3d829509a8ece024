#!/usr/bin/env bash
# dev.sh: one entry point for people and CI.
#   scripts/dev.sh run [ARGS...]  install what is missing, build, start paperdeck
#   scripts/dev.sh test           install what is missing, build, run the whole
#                                 test suite (ctest), then again under ASan+UBSan,
#                                 then lint (format, cppcheck, clang-tidy), the suite
#                                 under valgrind and each fuzzer for
#                                 FUZZ_SECONDS (default 60)
#   scripts/dev.sh build          install what is missing and build only
#   scripts/dev.sh screenshots    install what is missing (and aha, chromium and
#                                 the fonts), build, regenerate screenshots/*.png
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
build_asan="$root/build-asan"
jobs=$(nproc 2>/dev/null || echo 2)

# Debian package names: what building and running need, and what `test` adds.
# tmux drives the end-to-end tests; clang and its runtimes build the fuzzers;
# valgrind, cppcheck, clang-tidy and clang-format are the hardening checks; groff and man
# check the manual page, zsh the zsh completion, strace counts a frame's writes
# (e2e/test_frame_writes). `screenshots` (development only,
# never CI) adds aha, chromium and the fonts scripts/screenshots.sh draws with.
build_packages=(build-essential cmake pkg-config libncurses-dev libyaml-dev libpcre2-dev libcurl4-openssl-dev libexpat1-dev ca-certificates)
test_packages=(tmux python3 strace clang libclang-rt-14-dev valgrind cppcheck clang-tidy clang-format groff-base man-db zsh)
screenshot_packages=(tmux aha chromium fonts-dejavu-core fonts-noto-cjk)
packages=("${build_packages[@]}")

say() { printf '==> %s\n' "$*" >&2; }

install_packages() {
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        say "no apt-get here: install these (or your system's equivalents) yourself:"
        say "  C compiler, cmake >= 3.25, pkg-config, ncursesw, libyaml, pcre2 (8-bit), libcurl, expat, tmux"
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
screenshots)
    packages+=("${screenshot_packages[@]}")
    install_packages
    configure_and_build "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
    exec bash "$root/scripts/screenshots.sh" "$build/paperdeck" "$@"
    ;;
test)
    packages+=("${test_packages[@]}")
    install_packages
    say "build (-Wall -Wextra -Werror, optimised) and test"
    # optimised, because -O2 finds warnings (format truncation, ...) -O0 does not
    configure_and_build "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
    ctest --test-dir "$build" --output-on-failure -j "$jobs"
    say "build with ASan+UBSan and test again"
    configure_and_build "$build_asan" -DPAPERDECK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$build_asan" --output-on-failure -j "$jobs"
    say "lint: format check, cppcheck and clang-tidy on src/ ($((SECONDS / 60)) min so far)"
    bash "$root/scripts/lint.sh" "$build"
    say "the test suite under valgrind memcheck ($((SECONDS / 60)) min so far)"
    bash "$root/scripts/valgrind.sh" "$build"
    say "fuzz each target for ${FUZZ_SECONDS:-60} s ($((SECONDS / 60)) min so far)"
    FUZZ_BUILD="$root/build-fuzz" bash "$root/scripts/fuzz.sh" "${FUZZ_SECONDS:-60}"
    say "the Debian package: build, install, run ($((SECONDS / 60)) min so far)"
    bash "$root/scripts/deb-test.sh" "$root/build-deb"
    say "all passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
    ;;
*)
    echo "usage: scripts/dev.sh run [ARGS...] | test | build | screenshots [OUTDIR]" >&2
    exit 2
    ;;
esac
