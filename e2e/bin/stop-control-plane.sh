#!/usr/bin/env bash
# Stops what start-control-plane.sh started, by the PIDs it recorded (never by name),
# and removes the state dir unless AURORA_E2E_KEEP_STATE=1 (logs are then kept in it).
set -uo pipefail
STATE="${AURORA_E2E_STATE:-${TMPDIR:-/tmp}/aurora-operator-e2e}"
[ -d "$STATE" ] || { echo "stop-control-plane: no state dir $STATE; nothing to stop"; exit 0; }

stop_pid() { # name
  local f="$STATE/$1.pid" pid
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop-control-plane: $1 (pid $pid) ignored TERM; killing"
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "stop-control-plane: stopped $1 (pid $pid)"
  fi
  rm -f "$f"
}
# reverse start order
stop_pid kube-controller-manager
stop_pid kube-apiserver
stop_pid etcd

if [ "${AURORA_E2E_KEEP_STATE:-0}" = 1 ]; then
  echo "stop-control-plane: state kept in $STATE"
else
  rm -rf "$STATE"
fi
