#!/usr/bin/env bash
# Runs an unpacked OCI image (e2e/bin/oci-unpack.py) as a kubelet would run the chart's pod, without a
# container runtime: the image's entrypoint and cmd, as the image's user (numeric uid:gid, no
# supplementary groups), in its working directory, with the image's environment plus the given
# variables; the root filesystem read-only, /tmp a fresh tmpfs (the chart's emptyDir), the
# ServiceAccount's token, ca.crt and namespace at /var/run/secrets/kubernetes.io/serviceaccount and
# KUBERNETES_SERVICE_HOST/PORT set, so the operator finds the API server as in a pod (in-cluster config).
# The network is the host's (everything in e2e listens on 127.0.0.1). Needs root (mount namespaces, chroot).
#
# Usage: run-image.sh DIR SA_DIR API_SERVER_URL [NAME=VALUE...] [-- COMMAND...]
#   DIR      what oci-unpack.py wrote (DIR/rootfs, DIR/config.json)
#   SA_DIR   a directory with token, ca.crt and namespace
#   COMMAND  instead of the image's entrypoint and cmd (docker run --entrypoint), e.g. the image's keytool
# The process keeps this script's pid (exec all the way), so stop_bg and kill -9 reach the JVM itself.
set -euo pipefail

if [[ "${RUN_IMAGE_IN_NAMESPACE:-}" != 1 ]]; then
  # A private mount namespace: the mounts below vanish with the process and are never seen outside.
  RUN_IMAGE_IN_NAMESPACE=1 exec unshare --mount --propagation private -- "$0" "$@"
fi
DIR=$1 SA_DIR=$2 API=$3; shift 3
pod_env=()
while [[ $# -gt 0 && "$1" != "--" ]]; do pod_env+=("$1"); shift; done
[[ $# -eq 0 ]] || shift
command=("$@")
ROOT="$DIR/rootfs"
CONFIG="$DIR/config.json"

# The image's config as shell words: user, working dir, argv (entrypoint + cmd), environment.
mapfile -t -d '' image < <(python3 - "$CONFIG" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])).get("config", {})
user = c.get("User") or "0:0"
uid, _, gid = user.partition(":")
if not uid.isdigit() or not (gid or uid).isdigit():
    sys.exit(f"run-image: image user {user!r} is not numeric uid:gid")
argv = (c.get("Entrypoint") or []) + (c.get("Cmd") or [])
if not argv:
    sys.exit("run-image: the image has no entrypoint or cmd")
out = [uid, gid or uid, c.get("WorkingDir") or "/", str(len(argv))] + argv + c.get("Env", [])
sys.stdout.write("".join(w + "\0" for w in out))
PY
)
uid=${image[0]} gid=${image[1]} workdir=${image[2]} argc=${image[3]}
argv=("${image[@]:4:$argc}")
[[ ${#command[@]} -eq 0 ]] || argv=("${command[@]}")
env_image=("${image[@]:$((4 + argc))}")

hostport=${API#https://}
sa_mount="$ROOT/var/run/secrets/kubernetes.io/serviceaccount"
# Mount points, as the runtime creates them in the container's root before it starts.
mkdir -p "$ROOT/proc" "$ROOT/dev" "$ROOT/tmp" "$sa_mount"
mount --bind "$ROOT" "$ROOT"
mount -o remount,bind,ro "$ROOT"
mount -t tmpfs -o size=64m,mode=1777,nosuid,nodev tmpfs "$ROOT/tmp"
mount -t proc -o nosuid,nodev,noexec proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount --bind "$SA_DIR" "$sa_mount"
mount -o remount,bind,ro "$sa_mount"

# Later entries win (env -i applies them in order): the image's, then the pod's.
exec env -i "${env_image[@]}" \
  KUBERNETES_SERVICE_HOST="${hostport%:*}" KUBERNETES_SERVICE_PORT="${hostport##*:}" ${pod_env[@]+"${pod_env[@]}"} \
  unshare --root="$ROOT" --wd="$workdir" --setgid "$gid" --setuid "$uid" -- "${argv[@]}"
