#!/usr/bin/env bash
# Runs the plugin in a headless Neovim (-u NONE, the plugin on the runtime path)
# against the real server, in a scratch workspace made of the repo's seed corpus
# and example draft, plus a folder with no corpus where nothing may start.
# The server is $VOUCH_BIN, else `vouch` on PATH.
# VOUCH_NVIM_SCENARIO: plugin (default: require("vouch").setup()) or bare
# (0.11+: vim.lsp.enable("vouch") with lsp/vouch.lua and no plugin code).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$(dirname "$here")
repo=$(cd "$plugin/../.." && pwd)

bin=${VOUCH_BIN:-$(command -v vouch || true)}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "neovim test: no vouch binary (set VOUCH_BIN or put vouch on PATH)" >&2
  exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v nvim >/dev/null || { echo "neovim test: nvim is not installed" >&2; exit 2; }

work=$(mktemp -d)
nocorpus=$(mktemp -d)
badcorpus=$(mktemp -d)
trap 'rm -rf "$work" "$nocorpus" "$badcorpus"' EXIT
cp -r "$repo/corpus" "$work/corpus"
cp "$repo/examples/aid-and-territory.md" "$work/draft.md"
printf '# Second draft\n\nPutin has been in power since 1999.\n' > "$work/second.md"
printf '[corpus]\npaths = ["corpus"]\n' > "$work/vouch.toml"
cp "$repo/examples/aid-and-territory.md" "$nocorpus/draft.md"
cp "$repo/examples/aid-and-territory.md" "$badcorpus/draft.md"
printf '[corpus]\npaths = ["missing"]\n' > "$badcorpus/vouch.toml"
# `vouch` on PATH, as a user has it (lsp/vouch.lua's cmd is a bare name).
mkdir "$work/.bin"
ln -s "$bin" "$work/.bin/vouch"
# The index cache stays inside the scratch folder.
export XDG_CACHE_HOME="$work/.cache"
export VOUCH_NO_CORPUS="$nocorpus" VOUCH_BAD_CORPUS="$badcorpus"

# doc/tags is committed (so that :help vouch works without :helptags): it must match doc/vouch.txt.
mkdir "$work/doc"
cp "$plugin/doc/vouch.txt" "$work/doc/"
nvim --headless -u NONE -i NONE -n -c "helptags $work/doc" -c q
if ! diff -u "$plugin/doc/tags" "$work/doc/tags"; then
  echo "neovim test: editors/neovim/doc/tags is stale: run nvim -u NONE -c 'helptags editors/neovim/doc' -c q" >&2
  exit 1
fi
rm -r "$work/doc"

cd "$work"
# timeout: a hung server or a wait that never returns must not hang CI.
# stderr is where a headless Neovim writes its error messages: it must stay empty.
status=0
PATH="$work/.bin:$PATH" VOUCH_BIN="$bin" timeout 180 nvim --headless -u NONE -i NONE -n \
  --cmd "set rtp^=$plugin" \
  -c "luafile $here/e2e.lua" 2>"$work/stderr" || status=$?
if [ -s "$work/stderr" ]; then
  cat "$work/stderr" >&2
  if [ "$status" -eq 0 ]; then
    echo "neovim test: Neovim wrote to stderr (an error message shown to the user)" >&2
    status=1
  fi
fi
exit "$status"
