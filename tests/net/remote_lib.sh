# remote_lib.sh: the remote-list tests' server. Source it after a lib.sh
# that sets $scratch and tests/net/lib.sh: serves a copy of tests/net/remote
# (gh:alice/papers, direct/list.md and direct/list.yaml) at $srv, with
# $readme the served README of gh:alice/papers and PAPERDECK_GITHUB_URL set.
# requests: how many requests the server has had.
srv=$scratch/srv
cp -r "$SOURCE_DIR/tests/net/remote" "$srv"
readme=$srv/alice/papers/HEAD/README.md
fixture_start "$srv"
export PAPERDECK_GITHUB_URL=$FIXTURE_URL
requests() { grep -c '' "$FIXTURE_LOG" 2>/dev/null || echo 0; }
