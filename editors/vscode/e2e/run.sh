#!/usr/bin/env bash
# The extension in a real VS Code: installs the parts once (setup.sh), packages the
# platform .vsix around the built server, and runs e2e.test.mjs against it.
#   VOUCH_BIN=target/release/vouch editors/vscode/e2e/run.sh
# Screenshots go to $VOUCH_E2E_ARTIFACTS (default: editors/vscode/e2e/artifacts).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ext=$(dirname "$here")
bin=${VOUCH_BIN:?set VOUCH_BIN to the built vouch binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
start=$SECONDS
eval "$("$here/setup.sh")"
echo "vscode e2e: setup took $((SECONDS - start)) s"
if [ ! -f "${VOUCH_VSIX:-}" ]; then
  (cd "$ext" && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; } && VOUCH_BIN="$bin" npm run --silent package:platform -- linux-x64)
  VOUCH_VSIX="$ext/vouch-linux-x64.vsix"
fi
export NODE24 CODE_SERVER VOUCH_VSIX
export VOUCH_E2E_ARTIFACTS="${VOUCH_E2E_ARTIFACTS:-$here/artifacts}"
rm -rf "$VOUCH_E2E_ARTIFACTS"
start=$SECONDS
cd "$here"
timeout 600 "$NODE24" --test --test-reporter=spec e2e.test.mjs
echo "vscode e2e: the test took $((SECONDS - start)) s; screenshots in $VOUCH_E2E_ARTIFACTS"
