#!/usr/bin/env bash
# The cache of big lists, from the command line: `list` writes it on the
# first run and maps it after, with the same output and the same warnings;
# an edited list, a corrupt or a truncated cache, or PAPERDECK_CACHE=off
# mean the list itself is read; `check` always reads the list.
. "$(dirname "$0")/lib.sh"
set -e

# ~4 MB: over the 1 MB below which lists are not cached
list=$scratch/big.yaml
{
    printf 'paperdeck: 1\ntitle: Big\nsections:\n  - name: Papers\n    entries:\n'
    for ((i = 0; i < 12000; i++)); do
        printf '      - title: "Efficient Paper Number %d on Attention"\n' "$i"
        printf '        venue: ICLR 20%02d\n        arxiv: "2106.%05d"\n' $((15 + i % 9)) "$i"
        printf '        notes: "A note long enough to make this list take a few megabytes, %d"\n' "$i"
        printf '        tags: [attention, t%d]\n' $((i % 13))
    done
    printf '      - title: "Efficient Paper Number 7 on Attention"\n' # a duplicate: a warning
} >"$list"
cache_files() { find "$XDG_CACHE_HOME" -name '*.cache' 2>/dev/null | sort; }

run "$PAPERDECK" list -v -q "pap 77 att" -f tsv "$list"
expect_status 0
first=$out
first_err=$err
expect_contains "$first_err" "warning: duplicate title"
expect_eq "$(cache_files | wc -l)" 1
cache=$(cache_files)

# the second run maps the cache: same rows, same warnings
run "$PAPERDECK" list -v -q "pap 77 att" -f tsv "$list"
expect_status 0
expect_eq "$out" "$first"
expect_eq "$err" "$first_err"
run "$PAPERDECK" list -f json "$list"
expect_status 0
cached_json=$out
PAPERDECK_CACHE=off run "$PAPERDECK" list -f json "$list"
expect_eq "$out" "$cached_json"

# an edit on disk: the list itself is read again, and the cache rewritten
sed -i 's/Efficient Paper Number 77 on/Edited Paper Number 77 on/' "$list"
run "$PAPERDECK" list -q "edited 77" -f tsv "$list"
expect_status 0
expect_contains "$out" "Edited Paper Number 77 on Attention"
run "$PAPERDECK" list -q "edited 77" -f tsv "$list"
expect_contains "$out" "Edited Paper Number 77 on Attention"

# a corrupt cache (a byte flipped in a title) is not believed
printf 'X' | dd of="$cache" bs=1 seek=$(($(stat -c %s "$cache") / 2)) conv=notrunc 2>/dev/null
run "$PAPERDECK" list -f json "$list"
expect_status 0
PAPERDECK_CACHE=off run "$PAPERDECK" list -f json "$list"
plain=$out
run "$PAPERDECK" list -f json "$list"
expect_eq "$out" "$plain"
# nor a truncated one, nor one that is not a cache at all
truncate -s 5000 "$cache"
run "$PAPERDECK" list -f json "$list"
expect_eq "$out" "$plain"
head -c 100000 /dev/urandom >"$cache"
run "$PAPERDECK" list -f json "$list"
expect_eq "$out" "$plain"

# PAPERDECK_CACHE=off writes none; check reads the list even with a cache
rm -f "$cache"
PAPERDECK_CACHE=off run "$PAPERDECK" list -q zzzz "$list"
expect_eq "$(cache_files | wc -l)" 0
run "$PAPERDECK" list -q zzzz "$list"
expect_eq "$(cache_files | wc -l)" 1
printf '      - title: "Broken"\n        year: soon\n' >>"$list"
run "$PAPERDECK" check "$list"
expect_status 2
expect_contains "$err" "error: expected an integer 1900..2100 for \"year\", found \"soon\""
run "$PAPERDECK" list -q zzzz "$list"
expect_status 2
expect_contains "$err" "found \"soon\""

# a cache directory that cannot be written: the list still loads
chmod 000 "$XDG_CACHE_HOME" 2>/dev/null || true
sed -i '$d' "$list"
sed -i '$d' "$list"
run "$PAPERDECK" list -q "pap 77 att" -f tsv "$list"
expect_status 0
expect_contains "$out" "Efficient Paper Number 77"
chmod 700 "$XDG_CACHE_HOME" 2>/dev/null || true

# the list by another name (here: from another directory) is the same
# cache, but its messages name it as it was given, as without the cache
run "$PAPERDECK" list -q zzzz "$list" # the cache holds it by its full name
expect_contains "$err" "$list:"
mkdir -p "$scratch/elsewhere"
cd "$scratch/elsewhere"
PAPERDECK_CACHE=off run "$PAPERDECK" list -q zzzz ../big.yaml
plain_err=$err
expect_contains "$plain_err" "../big.yaml:"
run "$PAPERDECK" list -q zzzz ../big.yaml
expect_eq "$err" "$plain_err"
run "$PAPERDECK" list -q zzzz ../big.yaml # from the cache it saved
expect_eq "$err" "$plain_err"
cd - >/dev/null

# --list-files tells where caches go
run "$PAPERDECK" --list-files
expect_contains "$out" "cache directory: $XDG_CACHE_HOME/paperdeck/ (lists of 1 MB or more)"
PAPERDECK_CACHE=off run "$PAPERDECK" --list-files
expect_contains "$out" "cache: off (PAPERDECK_CACHE=off)"

finish
