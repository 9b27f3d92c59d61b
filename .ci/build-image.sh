#!/usr/bin/env bash
# Builds the operator's OCI image tarball (Maven profile "image": Jib, no Docker daemon; base from Debian
# packages, operator/src/image/build-base.sh), prints its size and digest, then builds it a second time
# from scratch (the base root filesystem assembled again, jlink run again, Jib with an empty layer cache)
# and fails when the digest differs: the same inputs must give the same image.
# Output: operator/target/jib-image.tar and jib-image.digest (e2e/run.sh runs the operator from them).
# Env: MVN_FLAGS  extra Maven flags (e.g. -o)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=operator/target

start=$SECONDS
# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS:-} -Pimage -DskipTests package -pl operator
first=$(cat "$TARGET/jib-image.digest")
echo "image $first: tarball $(( $(stat -c %s "$TARGET/jib-image.tar") / 1048576 )) MiB, built in $((SECONDS - start)) s"
python3 - "$TARGET/jib-image.tar" <<'PY'
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    index = json.load(t.extractfile("index.json"))
    digest = index["manifests"][0]["digest"].split(":")[1]
    manifest = json.load(t.extractfile(f"blobs/sha256/{digest}"))
    config = json.load(t.extractfile("blobs/sha256/" + manifest["config"]["digest"].split(":")[1]))
for layer, history in zip(manifest["layers"], config["history"]):
    print(f"  layer {history.get('comment', '?'):14} {layer['size'] / 1048576:6.1f} MiB compressed  {layer['digest'][:19]}")
print(f"  user {config['config']['User']}, entrypoint {' '.join(config['config']['Entrypoint'])}")
PY

start=$SECONDS
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
# The second build only re-assembles the base and re-runs Jib (the classes are the first build's).
# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS:-} -Pimage exec:exec@image-base jib:buildTar -pl operator -Djib.applicationCache="$cache"
second=$(cat "$TARGET/jib-image.digest")
if [[ "$second" != "$first" ]]; then
  echo "build-image: NOT reproducible: first build $first, second build $second" >&2
  exit 1
fi
echo "image rebuilt in $((SECONDS - start)) s with the same digest $second (reproducible)"
