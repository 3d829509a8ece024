#!/usr/bin/env bash
# The settings file and the data search from the command line: default sort,
# lists named in the settings, bad lines reported as file:line and skipped,
# the lists of $XDG_DATA_HOME/paperdeck when no FILE is given, --list-files.
. "$(dirname "$0")/lib.sh"

P=$PAPERDECK
first() { printf '%s\n' "$1" | sed -n 2p | cut -f1; }

# --- no settings, no data: the built-in list --------------------------------
run "$P" --list-files
expect_status 0
expect_contains "$out" "settings: $XDG_CONFIG_HOME/paperdeck/config (not found)"
expect_contains "$out" "data directory: $XDG_DATA_HOME/paperdeck/ (*.yaml, *.yml, *.md, *.markdown): 0 lists"
expect_contains "$out" "with no FILE, paperdeck opens the built-in list:"
run "$P" list -f tsv
expect_status 0
expect_lines "$out" 26

# --- the default sort ----------------------------------------------------------
mkdir -p "$XDG_CONFIG_HOME/paperdeck"
conf=$XDG_CONFIG_HOME/paperdeck/config
printf '# mine\nsort = year:desc\n' >"$conf"
run "$P" list -f tsv
expect_status 0
sorted=$out
run "$P" list -f tsv -s year:desc
expect_eq "$sorted" "$out"
run "$P" list -f tsv -s order # -s wins
expect_eq "$(first "$out")" "LoRA: Low-Rank Adaptation of Large Language Models"
run "$P" --list-files
expect_contains "$out" "settings: $conf (read)"

# --- bad lines: file:line, skipped, not fatal ------------------------------------
printf 'sort = title\ncolumns = title, pages\nnonsense\nsort = height\n' >"$conf"
run "$P" list -f tsv
expect_status 0
expect_contains "$err" "$conf:2: error: unknown column 'pages'"
expect_contains "$err" "$conf:3: error: expected 'key = value'"
expect_contains "$err" "$conf:4: error: invalid sort 'height'"
# the good first line still applies
run "$P" list -f tsv
expect_eq "$(first "$out")" "$(first "$("$P" list -f tsv -s title 2>/dev/null)")"

# PAPERDECK_CONFIG names another file; empty means none
other=$scratch/other.conf
printf 'sort = arxiv:desc\n' >"$other"
PAPERDECK_CONFIG=$other run "$P" list -f tsv
expect_eq "$(first "$out")" "$(first "$("$P" list -f tsv -s arxiv:desc 2>/dev/null)")"
PAPERDECK_CONFIG= run "$P" list -f tsv
expect_eq "$err" ""
expect_eq "$(first "$out")" "LoRA: Low-Rank Adaptation of Large Language Models"

# --- the data directory ---------------------------------------------------------
rm -f "$conf"
mkdir -p "$XDG_DATA_HOME/paperdeck"
cat >"$XDG_DATA_HOME/paperdeck/b-mine.yaml" <<'YAML'
paperdeck: 1
title: Mine
sections:
  - name: Reading
    entries:
      - title: "A paper of my own"
        venue: "ICLR 2024"
YAML
printf '# Other list\n\n## Stuff\n\n- [Markdown entry](https://example.org/x)\n' \
    >"$XDG_DATA_HOME/paperdeck/a-other.md"
printf 'not a list\n' >"$XDG_DATA_HOME/paperdeck/notes.txt"
run "$P" --list-files
expect_contains "$out" "2 lists"
expect_contains "$out" "  $XDG_DATA_HOME/paperdeck/a-other.md
  $XDG_DATA_HOME/paperdeck/b-mine.yaml"
expect_contains "$out" "with no FILE, paperdeck opens the lists of the data directory:"
expect_not_contains "$out" "notes.txt"
run "$P" list -f tsv
expect_status 0
expect_contains "$out" "A paper of my own"
expect_contains "$out" "Markdown entry"
expect_not_contains "$out" "LoRA"
# a FILE on the command line is all that is opened
run "$P" list -f tsv "$SOURCE_DIR/data/efficiency.yaml"
expect_not_contains "$out" "A paper of my own"
# a broken list in the data directory is left out, with its errors; the
# others are shown (named on the command line, it is an error)
printf 'paperdeck: 1\ntitle: [\n' >"$XDG_DATA_HOME/paperdeck/c-broken.yaml"
run "$P" list -f tsv
expect_status 0
expect_contains "$err" "$XDG_DATA_HOME/paperdeck/c-broken.yaml:"
expect_contains "$err" "1 list with errors left out"
expect_contains "$out" "A paper of my own"
run "$P" list "$XDG_DATA_HOME/paperdeck/c-broken.yaml"
expect_status 2
expect_contains "$err" "$XDG_DATA_HOME/paperdeck/c-broken.yaml:"
rm "$XDG_DATA_HOME/paperdeck/c-broken.yaml"

# --- lists named in the settings win over the data directory ---------------------
mkdir -p "$scratch/lists"
cp "$SOURCE_DIR/data/efficiency.yaml" "$scratch/lists/eff.yaml"
printf 'list = %s\nlist = ../../lists/eff.yaml\n' "$XDG_DATA_HOME/paperdeck/b-mine.yaml" >"$conf"
mkdir -p "$scratch/x/y"
cp "$conf" "$scratch/x/y/config"
PAPERDECK_CONFIG=$scratch/x/y/config run "$P" list -f tsv
expect_status 0
expect_contains "$out" "A paper of my own"
expect_contains "$out" "LoRA"
expect_not_contains "$out" "Markdown entry"
PAPERDECK_CONFIG=$scratch/x/y/config run "$P" --list-files
expect_contains "$out" "with no FILE, paperdeck opens the lists of the settings file:
  $XDG_DATA_HOME/paperdeck/b-mine.yaml
  $scratch/x/y/../../lists/eff.yaml"

# HOME alone places both directories
env -u XDG_CONFIG_HOME -u XDG_DATA_HOME HOME="$scratch/home" "$P" --list-files >"$scratch/lf" 2>&1
expect_contains "$(cat "$scratch/lf")" "settings: $scratch/home/.config/paperdeck/config (not found)"
expect_contains "$(cat "$scratch/lf")" "data directory: $scratch/home/.local/share/paperdeck/"

# unfollow edits the settings file a symbolic link points at (dotfiles kept
# elsewhere), and leaves the link a link
mkdir -p "$scratch/dotfiles" "$scratch/linked"
printf '# mine\nfollow = gh:a/b\nsort = year\n' >"$scratch/dotfiles/config"
ln -s ../dotfiles/config "$scratch/linked/config"
PAPERDECK_CONFIG=$scratch/linked/config run "$P" unfollow gh:a/b
expect_status 0
expect_eq "$out" "unfollowed gh:a/b"
[ -L "$scratch/linked/config" ] && pass || fail "the settings file's link was replaced by a file"
expect_eq "$(cat "$scratch/dotfiles/config")" "# mine
sort = year"

# --help names the settings and the data search
run "$P" --help
expect_contains "$out" "--list-files"
expect_contains "$out" "\$XDG_DATA_HOME/paperdeck/"
expect_contains "$out" "\$XDG_CONFIG_HOME/paperdeck/config"

finish
