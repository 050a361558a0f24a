#!/usr/bin/env bash
# Builds the guide's example GitHub plugin (docs/plugin-author-guide.md, section 3) with the repository's pinned
# AssemblyScript compiler and PDK, into github/github.wasm, and writes its sha256 into github/manifest.yaml.
# Needs `npm ci` in plugins/ first. Run it after changing assembly/index.ts or the PDK, and commit the results.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugins=$(cd "$here/../../../plugins" && pwd)
if [ ! -x "$plugins/node_modules/.bin/asc" ]; then
  echo "build.sh: $plugins/node_modules missing; run 'npm ci' in $plugins first" >&2
  exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/zen-github-plugin.XXXXXX")
trap 'rm -rf "$work"' EXIT

# the same layout as plugins/, so the source's "../../pdk" import resolves
cp -r "$plugins/pdk" "$work/pdk"
ln -s "$plugins/node_modules" "$work/node_modules"
mkdir -p "$work/github/assembly"
cp "$here/assembly/index.ts" "$work/github/assembly/index.ts"
(cd "$work" && node_modules/.bin/asc github/assembly/index.ts --transform json-as -O3 --runtime minimal \
    --use abort=pdk/abort/zenAbort --use JSON_CACHE_SIZE=128 -o github.wasm 2> asc.log) || { cat "$work/asc.log" >&2; exit 1; }

cp "$work/github.wasm" "$here/github/github.wasm"
digest=$(sha256sum "$here/github/github.wasm" | cut -d' ' -f1)
sed -i -E "s|^(  checksum: sha256:).*$|\1${digest}|" "$here/github/manifest.yaml"
grep -q "checksum: sha256:${digest}" "$here/github/manifest.yaml"
echo "built github/github.wasm sha256:${digest} ($(wc -c < "$here/github/github.wasm") bytes)"
