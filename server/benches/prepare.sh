#!/usr/bin/env bash
# Prepares the benchmark inputs in .bench/ at the repository root (git-ignored). Idempotent: each
# step is skipped when its output already exists. Needs node and npm (the registry is used for
# `npm pack @octokit/openapi` and `npm install js-yaml`).
#
#   .bench/api.github.com.json   GitHub's OpenAPI description (@octokit/openapi, ~13 MB)
#   .bench/api.github.com.yaml   the same rendered as YAML by js-yaml (~259k lines: over the
#                                32,768-line limit of the YAML grammar, so only cold figures matter)
#   .bench/api.github.com.old.json  the same description from an older release
#                                (@octokit/openapi@${OCTOKIT_OLD_VERSION}), for the `diff` bench
#                                and the `test-workspaces/breaking-github` report
#
# The YAML files under 32k lines used for the keystroke benchmark come straight from the corpus
# (../shared/corpus, read-only) and are not copied.
set -euo pipefail

OCTOKIT_VERSION=23.0.2
OCTOKIT_OLD_VERSION=22.0.0
JS_YAML_VERSION=4.1.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$root/.bench"
cd "$root/.bench"

tarball="octokit-openapi-${OCTOKIT_VERSION}.tgz"
if [ ! -f "$tarball" ]; then
  echo "prepare: npm pack @octokit/openapi@${OCTOKIT_VERSION}" >&2
  npm pack --silent "@octokit/openapi@${OCTOKIT_VERSION}" >/dev/null
fi

if [ ! -f api.github.com.json ]; then
  echo "prepare: extracting api.github.com.json" >&2
  tar -xzf "$tarball" -O package/generated/api.github.com.json > api.github.com.json.tmp
  mv api.github.com.json.tmp api.github.com.json
fi

old_tarball="octokit-openapi-${OCTOKIT_OLD_VERSION}.tgz"
if [ ! -f "$old_tarball" ]; then
  echo "prepare: npm pack @octokit/openapi@${OCTOKIT_OLD_VERSION}" >&2
  npm pack --silent "@octokit/openapi@${OCTOKIT_OLD_VERSION}" >/dev/null
fi

if [ ! -f api.github.com.old.json ]; then
  echo "prepare: extracting api.github.com.old.json (${OCTOKIT_OLD_VERSION})" >&2
  tar -xzf "$old_tarball" -O package/generated/api.github.com.json > api.github.com.old.json.tmp
  mv api.github.com.old.json.tmp api.github.com.old.json
fi

if [ ! -f node_modules/js-yaml/package.json ]; then
  echo "prepare: npm install js-yaml@${JS_YAML_VERSION}" >&2
  [ -f package.json ] || echo '{"private": true}' > package.json
  npm install --silent --no-audit --no-fund --no-save "js-yaml@${JS_YAML_VERSION}" >/dev/null
fi

if [ ! -f api.github.com.yaml ]; then
  echo "prepare: rendering api.github.com.yaml" >&2
  node -e '
    const fs = require("fs");
    const yaml = require("js-yaml");
    const obj = JSON.parse(fs.readFileSync("api.github.com.json", "utf8"));
    fs.writeFileSync("api.github.com.yaml.tmp", yaml.dump(obj, { lineWidth: -1, noRefs: true }));
  '
  mv api.github.com.yaml.tmp api.github.com.yaml
fi

wc -l api.github.com.json api.github.com.yaml >&2
