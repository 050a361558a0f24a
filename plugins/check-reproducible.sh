#!/usr/bin/env bash
# Rebuilds the committed plugin wasm files from source in a fresh temporary copy (npm ci + build.sh) and fails
# if any byte differs, or if a manifest checksum or .sha256 file does not match its committed wasm.
# Needs Node >= 20 and npm (registry access for npm ci). Usage: plugins/check-reproducible.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/zen-plugins-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$here"
tar cf - package.json package-lock.json build.sh pdk jira/assembly github/assembly \
  jira/src/main/resources/META-INF/zen-plugins/jira/manifest.yaml \
  github/src/main/resources/META-INF/zen-plugins/github/manifest.yaml examples/hello/hello.ts examples/hello/manifest.yaml \
  | (cd "$work" && tar xf -)
(cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && ./build.sh)

status=0
for wasm in jira/dist/jira.wasm github/dist/github.wasm examples/hello/dist/hello.wasm; do
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
            "github/dist/github.wasm:github/src/main/resources/META-INF/zen-plugins/github/manifest.yaml" \
            "examples/hello/dist/hello.wasm:examples/hello/manifest.yaml"; do
  wasm=${pair%%:*} manifest=${pair#*:}
  digest=$(sha256sum "$here/$wasm" | cut -d' ' -f1)
  grep -q "^  checksum: sha256:${digest}\$" "$here/$manifest" \
    || { echo "manifest checksum of $manifest does not match $wasm" >&2; status=1; }
done

# The shipped plugins' pre-compiled classes (chicory-compiler-maven-plugin, in plugins/<name>/pom.xml) are generated
# from the committed wasm by every Maven build: generate them twice and compare byte for byte, and check that the
# descriptor names the committed module. Skipped without Maven (MVN_FLAGS is passed on, e.g. MVN_FLAGS=-o).
if command -v mvn > /dev/null; then
  root=$(cd "$here/.." && pwd)
  for name in jira github; do
    gen=plugins/$name/target/generated-resources/chicory-compiler
    desc=plugins/$name/target/classes/META-INF/zen-plugins/$name/precompiled.properties
    for round in 1 2; do
      rm -rf "$root/$gen" "$root/$desc"
      (cd "$root" && mvn -q ${MVN_FLAGS:-} -pl plugins/$name -am generate-resources -Dcheckstyle.skip) \
        || { echo "could not generate the $name pre-compiled classes" >&2; exit 1; }
      mkdir -p "$work/precompiled-$name-$round"
      cp -R "$root/$gen/." "$work/precompiled-$name-$round/"
      cp "$root/$desc" "$work/precompiled-$name-$round/"
    done
    if diff -r "$work/precompiled-$name-1" "$work/precompiled-$name-2" > /dev/null; then
      echo "reproducible: $name pre-compiled classes ($(find "$work/precompiled-$name-1" -name '*.class' | wc -l) classes)"
    else
      echo "NOT reproducible: the $name pre-compiled classes differ between two builds" >&2
      status=1
    fi
    digest=$(sha256sum "$here/$name/dist/$name.wasm" | cut -d' ' -f1)
    grep -q "^module.sha256=${digest}\$" "$work/precompiled-$name-1/precompiled.properties" \
      || { echo "precompiled.properties does not name the committed $name.wasm" >&2; status=1; }
  done
fi
exit $status
