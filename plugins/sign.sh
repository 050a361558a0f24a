#!/usr/bin/env bash
# Signs the plugins Zen ships (jira, github) with the project's Ed25519 release key, then checks the signature the
# way every host does: with the key built into zen-plugin-runtime (internal/FirstPartyKeys.java) and nothing else.
# Run it after build.sh (which rewrites the checksum) and commit the manifest's new `signature:` line.
#
# The private key never enters the repository. ZEN_PLUGIN_SIGNING_KEY names the key file (Base64 PKCS#8, written by
# `SignPlugin.java keygen`, readable by its owner only); in a release pipeline it comes from the CI's secret store.
#
# Usage: ZEN_PLUGIN_SIGNING_KEY=/path/to/zen-plugins-ed25519.key plugins/sign.sh
#        MVN_FLAGS=-o for an offline Maven. Needs Java 17+ and Maven (it compiles zen-plugin-runtime).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
key=${ZEN_PLUGIN_SIGNING_KEY:?set ZEN_PLUGIN_SIGNING_KEY to the release key file (see plugins/README.md, Signing)}
[ -r "$key" ] || { echo "sign.sh: cannot read the key file $key" >&2; exit 1; }

# shellcheck disable=SC2206
flags=(-q ${MVN_FLAGS:-})
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
(cd "$root" && mvn "${flags[@]}" -pl zen-plugin-runtime -am compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime > /dev/null)
cp="$root/zen-plugin-runtime/target/classes:$(cat "$cp_file")"

# sign <manifest.yaml> <wasm>
sign() {
  java -Dslf4j.internal.verbosity=ERROR -cp "$cp" "$here/tools/SignPlugin.java" sign "$key" "$here/$1" "$here/$2"
  java -Dslf4j.internal.verbosity=ERROR -cp "$cp" "$here/tools/SignPlugin.java" verify "$here/$1" "$here/$2"
}

sign jira/src/main/resources/META-INF/zen-plugins/jira/manifest.yaml jira/dist/jira.wasm
sign github/src/main/resources/META-INF/zen-plugins/github/manifest.yaml github/dist/github.wasm
# examples/hello is an example for plugin authors, not a shipped artifact: it stays unsigned (plugins/README.md).
