#!/usr/bin/env bash
# Rebuilds the committed plugin wasm files from source in a fresh temporary copy (npm ci + build.sh) and fails
# if any byte differs, or if a manifest checksum or .sha256 file does not match its committed wasm.
# Needs Node >= 20 and npm (registry access for npm ci). Usage: plugins/check-reproducible.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/zen-plugins-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$here"
tar cf - package.json package-lock.json build.sh pdk jira/assembly \
  jira/src/main/resources/META-INF/zen-plugins/jira/manifest.yaml examples/hello/hello.ts examples/hello/manifest.yaml \
  | (cd "$work" && tar xf -)
(cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && ./build.sh)

status=0
for wasm in jira/dist/jira.wasm examples/hello/dist/hello.wasm; do
  if cmp -s "$here/$wasm" "$work/$wasm"; then
    echo "reproducible: $wasm"
  else
    echo "NOT reproducible: $wasm differs from a clean rebuild (rebuild with plugins/build.sh and commit)" >&2
    status=1
  fi
  (cd "$here/$(dirname "$wasm")" && sha256sum --quiet -c "$(basename "$wasm").sha256") \
    || { echo "stale checksum file: $wasm.sha256" >&2; status=1; }
done
for pair in "jira/dist/jira.wasm:jira/src/main/resources/META-INF/zen-plugins/jira/manifest.yaml" \
            "examples/hello/dist/hello.wasm:examples/hello/manifest.yaml"; do
  wasm=${pair%%:*} manifest=${pair#*:}
  digest=$(sha256sum "$here/$wasm" | cut -d' ' -f1)
  grep -q "^  checksum: sha256:${digest}\$" "$here/$manifest" \
    || { echo "manifest checksum of $manifest does not match $wasm" >&2; status=1; }
done
exit $status
