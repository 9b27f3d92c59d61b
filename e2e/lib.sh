# Shared helpers of the e2e scenarios (sourced, not run). e2e/run.sh sets:
#   E2E_WORK   scratch dir of this run: the operator's kubeconfig, pids/, logs/, captured/
#   KUBECONFIG admin kubeconfig of the control plane; PATH has kubectl and helm
# Every check prints what it ran and what it saw, and exits non-zero at the first unexpected result.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${E2E_WORK:?run the scenarios through e2e/run.sh (E2E_WORK is not set)}"
mkdir -p "$E2E_WORK/pids" "$E2E_WORK/logs" "$E2E_WORK/captured"
VENV_PY="$REPO/.venv/bin/python"

# The operator's token must never reach a log: every printed command line goes through this.
redact() {
  local s="$*" t
  for t in "${E2E_SECRETS[@]:-}"; do [ -z "$t" ] || s="${s//$t/<redacted>}"; done
  printf '%s' "$s"
}
E2E_SECRETS=()
[ ! -f "$E2E_WORK/operator.token" ] || E2E_SECRETS+=("$(cat "$E2E_WORK/operator.token")")

step() { printf '\n--- %s\n' "$*"; }
die() { echo "FAILED: $*" >&2; exit 1; }

# ok CMD...: must succeed; prints the command and its output.
ok() {
  printf '$ %s\n' "$(redact "$*")"
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  [ -z "$out" ] || printf '%s\n' "$(redact "$out")"
  [ $rc -eq 0 ] || die "exit $rc from: $(redact "$*")"
}

# refused EXPECTED-SUBSTRING CMD...: must fail, and say EXPECTED-SUBSTRING.
refused() {
  local want=$1; shift
  printf '$ %s\n' "$(redact "$*")"
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  printf '%s\n' "$(redact "$out")"
  [ $rc -ne 0 ] || die "accepted, but should have been refused with: $want"
  grep -qF -- "$want" <<<"$out" || die "refused, but without the expected message: $want"
}

# expect_eq WHAT GOT WANT
expect_eq() {
  [ "$2" = "$3" ] || die "$(redact "$1: got '$2', want '$3'")"
  echo "ok: $(redact "$1 = '$2'")"
}

# wait_for DESCRIPTION SECONDS CMD...: polls CMD every second until it succeeds.
wait_for() {
  local what=$1 limit=$2; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    [ $(( SECONDS - start )) -lt "$limit" ] || die "timed out after ${limit}s waiting for: $what"
    sleep 1
  done
  echo "ok: $what (after $(( SECONDS - start ))s)"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_bg NAME CMD...: runs CMD in the background, output in logs/NAME.log, pid in pids/NAME.pid.
start_bg() {
  local name=$1; shift
  nohup "$@" >>"$E2E_WORK/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$E2E_WORK/pids/$name.pid"
  echo "started $name (pid $!), log $E2E_WORK/logs/$name.log"
}

# stop_bg NAME [SIGNAL]: stops what start_bg NAME started, by its recorded pid only. TERM waits up to
# 20 s for a clean exit (the database process stops its PostgreSQL servers in shutdown hooks).
stop_bg() {
  local f="$E2E_WORK/pids/$1.pid" sig=${2:-TERM} pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then echo "$1 (pid $pid) ignored $sig; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    echo "stopped $1 (pid $pid, SIG$sig)"
  fi
  rm -f "$f"
}

# stop_all_bg: every process a scenario left running (run.sh's safety net).
stop_all_bg() {
  local f
  for f in "$E2E_WORK"/pids/*.pid; do [ -e "$f" ] && stop_bg "$(basename "$f" .pid)"; done
  return 0
}

# restart_api_server SECONDS: kills kube-apiserver (SIGKILL, by the PID start-control-plane.sh recorded) and
# starts it again with the very same command line after SECONDS, then waits until it is ready. Watches,
# status patches and leases fail meanwhile, as in a control-plane upgrade or an apiserver crash.
restart_api_server() {
  local down=$1 pidfile="$AURORA_E2E_STATE/kube-apiserver.pid" pid argv=() state
  pid="$(cat "$pidfile")"
  mapfile -d '' argv <"/proc/$pid/cmdline"
  [ ${#argv[@]} -gt 1 ] || die "cannot read kube-apiserver's command line (pid $pid)"
  kill -KILL "$pid"
  for _ in $(seq 1 50); do
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
    [ -z "$state" ] || [ "$state" = Z ] && break
    sleep 0.1
  done
  echo "killed kube-apiserver (pid $pid); starting it again in ${down}s"
  sleep "$down"
  nohup "${argv[@]}" >>"$AURORA_E2E_STATE/logs/kube-apiserver.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "started kube-apiserver again (pid $!)"
  wait_for "kube-apiserver ready again" 60 kubectl get --raw /readyz
}

# api_server_authorizes_operator NAMESPACE: the operator's ServiceAccount may read Secrets there. Right after a
# restart kube-apiserver is ready before its RBAC caches hold the bindings, and refuses such requests (403)
# for a moment; this tells when that moment is over.
api_server_authorizes_operator() {
  kubectl auth can-i get secrets -n "$1" --as system:serviceaccount:aurora-system:aurora-operator
}

# start_moto: moto_server from <repo>/.venv on a free loopback port; sets MOTO_URL.
start_moto() {
  [ -x "$REPO/.venv/bin/moto_server" ] || die "no $REPO/.venv/bin/moto_server; run .ci/install-moto.sh"
  local port; port=$(free_port)
  MOTO_URL="http://127.0.0.1:$port"
  start_bg moto "$REPO/.venv/bin/moto_server" -H 127.0.0.1 -p "$port"
  wait_for "moto answers on $MOTO_URL" 60 curl -fsS -o /dev/null "$MOTO_URL/moto-api/"
  export MOTO_URL
}

# rds PYTHON-EXPRESSIONS: runs Python with boto3 client `rds` on moto (a second opinion besides the operator's).
rds() {
  "$VENV_PY" - "$MOTO_URL" <<EOF
import sys, boto3
rds = boto3.client("rds", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
$1
EOF
}

# operator_env: the environment the operator process gets (AWS on moto, the chart's ServiceAccount).
operator_env() {
  echo "KUBECONFIG=$E2E_WORK/operator.kubeconfig"
  echo "AURORA_AWS_ENDPOINT=$MOTO_URL"
  echo "AWS_ACCESS_KEY_ID=testing"
  echo "AWS_SECRET_ACCESS_KEY=testing"
  echo "AWS_REGION=us-east-1"
  echo "AURORA_RESYNC_INTERVAL=10s"
  echo "AURORA_INVENTORY_REFRESH_INTERVAL=1s"
  echo "AURORA_RECONCILE_CONCURRENCY=2"
}

# image_rootfs: the operator's image (operator/target/jib-image.tar, built by `mvn -Pimage`) unpacked once
# per run into $E2E_WORK/image (rootfs/ and config.json), layer by layer as a container runtime would.
image_rootfs() {
  [ ! -d "$E2E_WORK/image/rootfs" ] || return 0
  [ -f "$REPO/operator/target/jib-image.tar" ] ||
    die "no operator/target/jib-image.tar: mvn -B -Pimage -DskipTests package -pl operator"
  echo "image $(python3 "$REPO/e2e/bin/oci-unpack.py" "$REPO/operator/target/jib-image.tar" "$E2E_WORK/image")" \
    "unpacked into $E2E_WORK/image/rootfs"
}

# deployment_env: the operator container's env in the Deployment the chart installed, as NAME=VALUE lines
# (POD_NAMESPACE's fieldRef resolved as the kubelet would); what the pod would get.
deployment_env() {
  kubectl -n aurora-system get deployment aurora-operator -o json | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = next(c for c in d["spec"]["template"]["spec"]["containers"] if c["name"] == "operator")
for e in c.get("env", []):
    if "valueFrom" not in e:
        print(e["name"] + "=" + e.get("value", ""))  # the API server drops an empty value
    elif e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "metadata.namespace":
        print(e["name"] + "=" + d["metadata"]["namespace"])
    else:
        sys.exit("deployment_env: cannot resolve env " + e["name"])
'
}

# start_image_operator NAME HEALTH_PORT METRICS_PORT: the operator from its image (e2e/bin/run-image.sh: the
# image's entrypoint, user 65532, read-only root, /tmp on tmpfs) with the chart's ServiceAccount token mounted
# where a pod has it and the in-cluster API server address; env: the chart Deployment's, then e2e's
# (moto, short intervals, free ports).
start_image_operator() {
  local name=$1 port=$2 mport=$3 sa="$E2E_WORK/image/serviceaccount" envs=()
  image_rootfs
  if [ ! -d "$sa" ]; then
    mkdir -p "$sa"
    cp "$E2E_WORK/operator.token" "$sa/token"
    cp "$AURORA_E2E_STATE/pki/ca.crt" "$sa/ca.crt"
    printf aurora-system >"$sa/namespace"
    # The kubelet makes the projected token readable by the pod's runAsUser only.
    chown 65532:65532 "$sa/token"; chmod 600 "$sa/token"
  fi
  mapfile -t envs < <(deployment_env; operator_env | grep -v '^KUBECONFIG='
    echo "AURORA_HEALTH_PORT=$port"; echo "AURORA_METRICS_PORT=$mport")
  [ ${#envs[@]} -gt 5 ] || die "no env from the chart's Deployment"
  start_bg "$name" "$REPO/e2e/bin/run-image.sh" "$E2E_WORK/image" "$sa" "$AURORA_E2E_API_SERVER" "${envs[@]}"
}

# wait_operator_ready NAME PORT: /readyz answers ok, or the process died (then its log is shown).
wait_operator_ready() {
  local name=$1 port=$2 start=$SECONDS
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$E2E_WORK/pids/$name.pid")" 2>/dev/null; then
      tail -40 "$E2E_WORK/logs/$name.log" >&2; die "$name exited before it was ready"
    fi
    [ $(( SECONDS - start )) -lt 90 ] || { tail -40 "$E2E_WORK/logs/$name.log" >&2; die "$name not ready after 90s"; }
    sleep 0.5
  done
  echo "ok: $name ready on health port $port (after $(( SECONDS - start ))s)"
}

# no_forbidden NAME: the operator's log has no 403 from the API server (a rule the chart lacks).
# Lines FROM..TO of the log, if given, are left out: a window in which the API server was restarting and
# refused requests its RBAC caches did not yet cover (see restart_api_server), not a rule the chart lacks.
no_forbidden() {
  local log="$E2E_WORK/logs/$1.log" from=${2:-0} to=${3:-0} excused
  if awk -v f="$from" -v t="$to" 'NR < f || NR > t' "$log" | grep -iE 'forbidden|"code" *: *403|code=403' >/dev/null; then
    awk -v f="$from" -v t="$to" 'NR < f || NR > t' "$log" | grep -iE 'forbidden|code=403' | head -5 | cut -c1-600 >&2
    die "$1 was refused by the API server: the chart's RBAC lacks a rule it needs"
  fi
  excused="$(awk -v f="$from" -v t="$to" 'NR >= f && NR <= t' "$log" | grep -ciE 'forbidden|code=403' || true)"
  echo "ok: no 'forbidden' in the $1 log$([ "$from" -gt 0 ] && echo " outside lines $from-$to ($excused there, while kube-apiserver restarted)")"
}

# explain_failure NAME: after a failed check, the operator's refusals by the API server (if any) are the
# likeliest cause; show them, so a missing RBAC rule is named rather than only a timeout.
explain_failure() {
  if grep -qi 'forbidden' "$E2E_WORK/logs/$1.log" 2>/dev/null; then
    echo "the $1 log has refusals from the API server (a rule the chart lacks?):" >&2
    grep -i 'forbidden' "$E2E_WORK/logs/$1.log" | head -3 | cut -c1-400 >&2
  fi
}

# capture FILE KIND/NAME [-n NS]: saves the object as JSON for the Argo CD health-check tests.
capture() {
  local file=$1; shift
  kubectl get "$@" -o json >"$E2E_WORK/captured/$file"
  echo "captured $file: phase=$(kubectl get "$@" -o jsonpath='{.status.phase}')"
}

# watch_start NAME OBJECT [kubectl args]: records every version of OBJECT from now on (kubectl get --watch), so
# a state the operator passes through faster than a poll can still be captured (capture_watched).
watch_start() {
  local name=$1; shift
  start_bg "watch-$name" kubectl get "$@" --watch -o json
}

# capture_watched FILE NAME PYTHON_CONDITION: stops watch NAME and captures the first recorded version of the
# object for which the condition on `o` (the object as a dict) holds; fails, listing the phases seen, if none did.
capture_watched() {
  local file=$1 name=$2 condition=$3
  stop_bg "watch-$name"
  python3 - "$E2E_WORK/logs/watch-$name.log" "$E2E_WORK/captured/$file" "$condition" <<'PY' || die "no version of the watched object matched: $condition"
import json, sys
text, out, condition = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
decoder, pos, seen = json.JSONDecoder(), 0, []
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    try:
        o, pos = decoder.raw_decode(text, pos)
    except json.JSONDecodeError:
        break  # the last version, cut off when the watch was stopped
    status = o.get("status") or {}
    seen.append(f"gen {o['metadata'].get('generation')}/observed {status.get('observedGeneration')} {status.get('phase')}")
    if eval(condition, {}, {"o": o, "status": status}):
        json.dump(o, open(out, "w"))
        print(f"captured {out.rsplit('/', 1)[-1]}: phase={status.get('phase')} (version {len(seen)} of the watch)")
        sys.exit(0)
print("versions seen:", "; ".join(seen), file=sys.stderr)
sys.exit(1)
PY
}

# test_classpath: sets CP to the operator's test classes, classes and test-scope dependencies
# (for the e2e entry points in operator/src/test/java/dev/dbops/aurora/e2e and .../argocd).
test_classpath() {
  if [ ! -s "$E2E_WORK/test.classpath" ]; then
    # shellcheck disable=SC2086
    (cd "$REPO/operator" && mvn -B -q ${E2E_MVN_FLAGS:-} dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$E2E_WORK/test.classpath") >"$E2E_WORK/logs/classpath.log" 2>&1 ||
      { cat "$E2E_WORK/logs/classpath.log" >&2; die "mvn dependency:build-classpath failed"; }
  fi
  CP="$REPO/operator/target/test-classes:$REPO/operator/target/classes:$(cat "$E2E_WORK/test.classpath")"
}
