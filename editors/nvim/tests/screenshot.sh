#!/usr/bin/env bash
# The README's Neovim screenshot, made by hand (not part of the tests): Neovim 0.11 with the
# plugin runs in tmux on a copy of test-workspaces/editors/petstore; the screen, with its
# colours, is captured, turned into HTML and rendered to PNG by Chromium.
# Needs tmux, and editors/tests/setup.sh run once.
#
#   editors/nvim/tests/screenshot.sh [path/to/specls]     → target/editors/nvim.png
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
BIN=$(realpath "${1:-target/debug/specls}")
TMP=$(mktemp -d)
SESSION=specls-shot-$$
mkdir -p target/editors
cp -R test-workspaces/editors/petstore "$TMP/ws"
cat > "$TMP/init.lua" <<LUA
vim.opt.rtp:prepend('$ROOT/editors/nvim')
vim.o.termguicolors = true
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.cmd('filetype plugin on | syntax on')
vim.diagnostic.config({ virtual_text = true })
require('specls').setup({ cmd = { '$BIN', 'serve' } })
LUA
tmux -f /dev/null new-session -d -s "$SESSION" -x 104 -y 18 \
  "cd '$TMP/ws' && TERM=xterm-256color XDG_STATE_HOME='$TMP/state' '$ROOT/.venv/bin/nvim' -u '$TMP/init.lua' -i NONE paths/pets.yaml"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$TMP"' EXIT
tmux set -t "$SESSION" default-terminal tmux-256color >/dev/null
tmux set -t "$SESSION" -a terminal-overrides ',*:RGB' >/dev/null
sleep 3
# The cursor on the broken $ref, its diagnostic in a float.
tmux send-keys -t "$SESSION" '4G14|' ':lua vim.diagnostic.open_float()' Enter
sleep 1
tmux capture-pane -t "$SESSION" -e -p > "$TMP/screen.ansi"
python3 editors/nvim/tests/ansi2html.py < "$TMP/screen.ansi" > "$TMP/screen.html"
node editors/vscode/tests/render_html.mjs "$TMP/screen.html" "$ROOT/target/editors/nvim.png"
echo "target/editors/nvim.png"
