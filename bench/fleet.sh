#!/usr/bin/env bash
# Benchmark: the whole operator with N DatabaseClusters (default 1000) applied at once to a real
# kube-apiserver (the e2e control plane: etcd + kube-apiserver, no controller manager), AWS played by
# StrictRds (RDS's rules, transitions that take scaled-down time, RDS's request throttling) in front of moto
# with paged cluster listings (bench/moto_fleet.py; docs/testing.md says why and what it does not do), the
# operator jar with the image's JVM flags under the chart's memory limit.
# Prints time to Ready, heap, RSS and CPU, then AWS calls and Kubernetes requests per resync interval over
# three idle intervals, each beside the ACK baseline (2 AWS calls per cluster per resync) and the goal of
# issue 12; writes the same as CSV under bench/results/. See fleet_measure.py for how each figure is taken.
#
# Usage: bench/fleet.sh [N]      Env: FLEET_RESYNC (30s), FLEET_INVENTORY_REFRESH (10s),
#        FLEET_THROTTLE (RDS's default "300/12": burst/sustained requests per second; "off" for none),
#        FLEET_RDS_PRESET (realistic: create 2 s, instance 2 s, describes lag creates by 0.5 s; or instant),
#        FLEET_JVM_FLAGS (the operator's; "default" for the JVM's own ergonomics),
#        FLEET_MALLOC_ARENA_MAX (glibc's malloc arenas; the image's by default, "default" for glibc's own),
#        FLEET_CHECK=1 exits non-zero unless all became Ready and idle intervals made zero writes and at
#        most one inventory listing each (CI), FLEET_KEEP=1 keeps the scratch dir (logs, GC log).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-1000}"
RESYNC="${FLEET_RESYNC:-30s}"
REFRESH="${FLEET_INVENTORY_REFRESH:-10s}"
BIN="${AURORA_E2E_CACHE:-$HOME/.cache/aurora-operator-e2e}/bin"
JAR="$REPO/operator/target/aurora-operator.jar"
# The image's JAVA_TOOL_OPTIONS (Jib's container environment in operator/pom.xml); MaxRAM stands in for the
# chart's memory limit, and the collector is the one the JVM picks under that limit.
image_flags=$(sed -n 's|.*<JAVA_TOOL_OPTIONS>\(.*\)</JAVA_TOOL_OPTIONS>.*|\1|p' "$REPO/operator/pom.xml")
[ -n "$image_flags" ] || { echo "fleet: no JAVA_TOOL_OPTIONS in operator/pom.xml's image configuration" >&2; exit 1; }
memory_limit=$(sed -n '/^resources:/,/^[^ ]/{/limits:/,/memory:/{s/^ *memory: *\([0-9]*\)Mi.*/\1/p}}' "$REPO/helm/aurora-operator/values.yaml")
[ -n "$memory_limit" ] || { echo "fleet: no resources.limits.memory in the chart's values.yaml" >&2; exit 1; }
# In a pod the JVM sees the memory limit as the machine's memory: under 1,792 MiB it is no "server class
# machine" and picks the Serial collector (JDK 17 GC ergonomics); here it would see this machine's memory and
# pick G1, whose own structures and unreturned heap added about 100 MiB of RSS at N=100.
pod_gc=""
[ "$memory_limit" -ge 1792 ] || pod_gc="-XX:+UseSerialGC"
JVM_FLAGS="${FLEET_JVM_FLAGS:-$image_flags -XX:MaxRAM=${memory_limit}m $pod_gc}"
[ "$JVM_FLAGS" != default ] || JVM_FLAGS=""
# The image's MALLOC_ARENA_MAX (same environment): glibc's malloc arenas, one per thread up to 8 per core otherwise.
image_arenas=$(sed -n 's|.*<MALLOC_ARENA_MAX>\(.*\)</MALLOC_ARENA_MAX>.*|\1|p' "$REPO/operator/pom.xml")
ARENAS="${FLEET_MALLOC_ARENA_MAX:-$image_arenas}"
[ "$ARENAS" != default ] || ARENAS=""
THROTTLE="${FLEET_THROTTLE:-300/12}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/aurora-fleet.XXXXXX")"
export AURORA_E2E_STATE="$WORK/control-plane" AURORA_E2E_CONTROLLER_MANAGER=0
pids=()
cleanup() {
  set +e  # stop everything, whatever exit status a stopped process reports
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  "$REPO/e2e/bin/stop-control-plane.sh" >/dev/null 2>&1
  if [ "${FLEET_KEEP:-0}" = 1 ]; then echo "fleet: scratch dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

[ -x "$BIN/kube-apiserver" ] || bash "$REPO/e2e/bin/install-tools.sh"
[ -x "$REPO/.venv/bin/moto_server" ] || bash "$REPO/.ci/install-moto.sh"
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q -DskipTests package)
# StrictRds lives in the test classes (it is the tests' AWS too); its classpath is Maven's test classpath.
[ -f "$REPO/operator/target/test-classes/dev/dbops/aurora/testing/strictrds/StrictRds.class" ] \
  || (cd "$REPO" && mvn -B -q -DskipTests test-compile -pl operator)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

"$REPO/e2e/bin/start-control-plane.sh" >"$WORK/control-plane.log" 2>&1 || { cat "$WORK/control-plane.log"; exit 1; }
# shellcheck disable=SC1091
source "$AURORA_E2E_STATE/env"
export PATH="$BIN:$PATH"
kubectl apply --server-side -f "$REPO/crds/" >/dev/null
kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null

moto_port=$(free_port)
"$REPO/.venv/bin/python" "$REPO/bench/moto_fleet.py" -H 127.0.0.1 -p "$moto_port" >"$WORK/moto.log" 2>&1 &
pids+=($!)
(cd "$REPO" && mvn -B -q -o dependency:build-classpath -pl operator -Dmdep.outputFile="$WORK/classpath" >/dev/null) \
  || (cd "$REPO" && mvn -B -q dependency:build-classpath -pl operator -Dmdep.outputFile="$WORK/classpath" >/dev/null)
throttle_args=()
if [ "$THROTTLE" != off ]; then throttle_args=("throttle-burst=${THROTTLE%/*}" "throttle-per-second=${THROTTLE#*/}"); fi
java -Xmx256m -cp "$REPO/operator/target/test-classes:$REPO/operator/target/classes:$(cat "$WORK/classpath")" \
  dev.dbops.aurora.testing.strictrds.StrictRds downstream="http://127.0.0.1:$moto_port" port-file="$WORK/rds.port" \
  preset="${FLEET_RDS_PRESET:-realistic}" downstream-pages=true timeline-file="$WORK/rds-timeline" "${throttle_args[@]}" \
  >"$WORK/strict-rds.log" 2>&1 &
pids+=($!)
until curl -fsS -o /dev/null "http://127.0.0.1:$moto_port/moto-api/" 2>/dev/null; do sleep 0.5; done
for _ in $(seq 1 120); do [ -f "$WORK/rds.port" ] && break; sleep 0.5; done
[ -f "$WORK/rds.port" ] || { cat "$WORK/strict-rds.log"; exit 1; }
rds_port=$(cat "$WORK/rds.port")

metrics_port=$(free_port); health_port=$(free_port)
# shellcheck disable=SC2086
env KUBECONFIG="$KUBECONFIG" AURORA_AWS_ENDPOINT="http://127.0.0.1:$rds_port" AWS_ACCESS_KEY_ID=testing \
  AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AURORA_RESYNC_INTERVAL="$RESYNC" \
  AURORA_INVENTORY_REFRESH_INTERVAL="$REFRESH" AURORA_METRICS_PORT="$metrics_port" AURORA_HEALTH_PORT="$health_port" \
  ${ARENAS:+MALLOC_ARENA_MAX=$ARENAS} java $JVM_FLAGS -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" >"$WORK/operator.log" 2>&1 &
operator_pid=$!
pids+=("$operator_pid")
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$health_port/readyz" 2>/dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "http://127.0.0.1:$health_port/readyz" || { tail -30 "$WORK/operator.log"; exit 1; }

python3 "$REPO/bench/fleet_measure.py" --n "$N" --resync "$RESYNC" --refresh "$REFRESH" \
  --operator-pid "$operator_pid" --metrics "http://127.0.0.1:$metrics_port/metrics" --gc-log "$WORK/gc.log" \
  --jvm-flags "${JVM_FLAGS:-(JVM defaults)}${ARENAS:+, MALLOC_ARENA_MAX=$ARENAS}" --aws "StrictRds ${FLEET_RDS_PRESET:-realistic}, throttle $THROTTLE, moto_fleet.py" \
  --results "$REPO/bench/results" --check "${FLEET_CHECK:-0}" --timeline "$WORK/rds-timeline" --throttle "$THROTTLE"
