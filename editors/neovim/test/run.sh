#!/usr/bin/env bash
# Runs the plugin in a headless Neovim (-u NONE, the plugin on the runtime path)
# against the real server, in a scratch workspace made of the repo's seed corpus
# and example draft. The server is $VOUCH_BIN, else `vouch` on PATH.
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
trap 'rm -rf "$work"' EXIT
cp -r "$repo/corpus" "$work/corpus"
cp "$repo/examples/aid-and-territory.md" "$work/draft.md"
printf '# Second draft\n\nPutin has been in power since 1999.\n' > "$work/second.md"
printf '[corpus]\npaths = ["corpus"]\n' > "$work/vouch.toml"
# The index cache stays inside the scratch folder.
export XDG_CACHE_HOME="$work/.cache"

cd "$work"
# timeout: a hung server or a wait that never returns must not hang CI.
VOUCH_BIN="$bin" timeout 180 nvim --headless -u NONE -i NONE -n \
  --cmd "set rtp^=$plugin" \
  -c "luafile $here/e2e.lua"
