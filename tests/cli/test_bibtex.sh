#!/usr/bin/env bash
# list -f bibtex: a .bib of the filtered entries. The strict structural check
# (balanced braces, unique keys, each type's required fields, escaping) is
# in tests/unit/test_bibtex.c; here the command line, and bibtex itself
# when it is installed.
. "$(dirname "$0")/lib.sh"
pd=$PAPERDECK

run "$pd" list -f bibtex
expect_status 0
bib=$out
expect_eq "$(printf '%s\n' "$bib" | grep -c '^@')" 25
expect_eq "$(printf '%s\n' "$bib" | grep -c '^}$')" 25
expect_eq "$(printf '%s\n' "$bib" | grep '^@' | sed -E 's/^@[a-z]+\{([^,]*),$/\1/' | sort | uniq -d)" ""
expect_eq "$(printf '%s\n' "$bib" | grep -c '^@inproceedings{')" 11
expect_eq "$(printf '%s\n' "$bib" | grep -c '^@misc{')" 14
# every brace closes, in the whole file
expect_eq "$(printf '%s' "$bib" | tr -cd '{' | wc -c)" "$(printf '%s' "$bib" | tr -cd '}' | wc -c)"
expect_contains "$bib" "@inproceedings{lora2022low,
  title = {{LoRA}: Low-Rank Adaptation of Large Language Models},
  booktitle = {{ICLR} 2022},
  year = {2022},
  eprint = {2106.09685},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/2106.09685},
}"
expect_not_contains "$bib" "primaryClass"

# the filter and the sort apply; "bib" is the short name
run "$pd" list -f bib -q 'venue:icml' -s year:desc
expect_status 0
expect_eq "$(printf '%s\n' "$out" | grep -c '^@inproceedings{')" 5
expect_eq "$(printf '%s\n' "$out" | grep '  year = ' | tr -d ' ,{}' | tr '\n' ' ')" "year=2023 year=2022 year=2021 year=2020 year=2020 "
run "$pd" list -f bibtex -q zzqqxx
expect_status 1
expect_eq "$out" ""
# a key repeated within one output gets a suffix
run "$pd" list -f bibtex -q "'LoRA" "$SOURCE_DIR/data/efficiency.yaml" "$SOURCE_DIR/data/efficiency.yaml"
expect_eq "$(printf '%s\n' "$out" | grep '^@')" "@inproceedings{lora2022low,
@inproceedings{lora2022lowb,"

# bibtex itself, when installed: no error on the whole list.
if command -v bibtex >/dev/null 2>&1 && kpsewhich plain.bst >/dev/null 2>&1; then
    mkdir -p "$scratch/tex"
    printf '%s\n' "$bib" >"$scratch/tex/refs.bib"
    printf '%s\n' '\relax' '\citation{*}' '\bibstyle{plain}' '\bibdata{refs}' >"$scratch/tex/doc.aux"
    (cd "$scratch/tex" && bibtex doc >bibtex.out 2>&1)
    bst=$?
    [ "$bst" -lt 2 ] && pass || fail "bibtex exit status $bst: $(cat "$scratch/tex/bibtex.out")"
    expect_eq "$(grep -c '^@' <(printf '%s\n' "$bib"))" "$(grep -c '^\\bibitem' "$scratch/tex/doc.bbl")"
    expect_not_contains "$(cat "$scratch/tex/doc.blg")" "error message"
else
    echo "bibtex not installed: the strict checker of unit/test_bibtex covers the format"
fi

finish
