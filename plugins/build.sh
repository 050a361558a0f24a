#!/usr/bin/env bash
# Builds the plugins from AssemblyScript with the pinned compiler (npm ci first):
#   jira/dist/jira.wasm (+ jira.wasm.sha256), github/dist/github.wasm (+ .sha256) and examples/hello/dist/hello.wasm (+ .sha256),
# and writes each wasm's digest into its manifest's `checksum: sha256:` line. A signed manifest (jira, github) must then be
# signed again with sign.sh if its module changed; the Maven build of plugins/jira fails until it is.
# Usage: ./build.sh            (from any directory; builds in place)
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x node_modules/.bin/asc ]; then
  echo "build.sh: node_modules missing; run 'npm ci' in $(pwd) first" >&2
  exit 1
fi

# JSON_CACHE_SIZE: json-as reserves its serialisation-cache arena (default 1 MiB) at start even with the cache off;
# 128 bytes (its minimum) spares every instance a 1 MiB zero fill and 16 pages of linear memory
ASC_FLAGS=(--transform json-as -O3 --runtime minimal --use abort=pdk/abort/zenAbort --use JSON_CACHE_SIZE=128)

# build <entry.ts> <out.wasm> <manifest.yaml>
build() {
  local entry=$1 out=$2 manifest=$3
  mkdir -p "$(dirname "$out")"
  local log
  log=$(mktemp)
  if ! node_modules/.bin/asc "$entry" "${ASC_FLAGS[@]}" -o "$out.tmp" 2> "$log"; then
    cat "$log" >&2
    rm -f "$log" "$out.tmp"
    echo "build.sh: compiling $entry failed" >&2
    exit 1
  fi
  rm -f "$log"
  mv "$out.tmp" "$out"
  local digest
  digest=$(sha256sum "$out" | cut -d' ' -f1)
  (cd "$(dirname "$out")" && sha256sum "$(basename "$out")" > "$(basename "$out").sha256")
  local before
  before=$(grep -E "^  checksum: sha256:" "$manifest" || true)
  sed -i -E "s|^(  checksum: sha256:).*$|\1${digest}|" "$manifest"
  grep -q "checksum: sha256:${digest}" "$manifest" || { echo "build.sh: could not write the checksum into $manifest" >&2; exit 1; }
  echo "built $out sha256:${digest} ($(wc -c < "$out") bytes)"
  if [ "$before" != "  checksum: sha256:${digest}" ] && grep -q "^  signature:" "$manifest"; then
    echo "build.sh: the module changed, so the signature in $manifest no longer verifies; sign it again:" >&2
    echo "          ZEN_PLUGIN_SIGNING_KEY=<release key file> plugins/sign.sh   (see plugins/README.md, Signing)" >&2
  fi
}

build jira/assembly/index.ts jira/dist/jira.wasm jira/src/main/resources/META-INF/zen-plugins/jira/manifest.yaml
build github/assembly/index.ts github/dist/github.wasm github/src/main/resources/META-INF/zen-plugins/github/manifest.yaml
build examples/hello/hello.ts examples/hello/dist/hello.wasm examples/hello/manifest.yaml
