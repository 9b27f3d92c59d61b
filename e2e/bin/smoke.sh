#!/usr/bin/env bash
# Smoke test of the generated CRDs against a real kube-apiserver:
# apply crds/, wait for Established, create a DatabaseCluster, show the printer
# columns, patch the status subresource, and check that the OpenAPI patterns and
# CEL rules reject what they should, with the messages they should.
#
# Needs a running control plane (start-control-plane.sh), found through
# $KUBECONFIG or $AURORA_E2E_STATE/env; or pass --with-control-plane to start
# one for this run and stop it afterwards.
# Exits non-zero on the first unexpected result.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${AURORA_E2E_STATE:-${TMPDIR:-/tmp}/aurora-operator-e2e}"

WORK="$(mktemp -d)"
STOP_CP=""
trap 'rm -rf "$WORK"; [ -z "$STOP_CP" ] || "$HERE/stop-control-plane.sh"' EXIT
if [ "${1:-}" = "--with-control-plane" ]; then
  STOP_CP=1
  "$HERE/start-control-plane.sh"
fi
if [ -f "$STATE/env" ]; then
  # shellcheck disable=SC1091
  source "$STATE/env"
fi
[ -n "${KUBECONFIG:-}" ] || { echo "smoke: no KUBECONFIG and no $STATE/env; start the control plane first" >&2; exit 1; }
command -v kubectl >/dev/null || export PATH="${AURORA_E2E_CACHE:-$HOME/.cache/aurora-operator-e2e}/bin:$PATH"

failures=0
step() { printf '\n=== %s\n' "$*"; }
show() { local c="$*"; [ -z "${TOKEN:-}" ] || c="${c//$TOKEN/<token>}"; printf '$ %s\n' "$c"; }
# ok CMD...: must succeed; prints its output.
ok() {
  show "$*"
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  printf '%s\n' "$out"
  if [ $rc -ne 0 ]; then echo "smoke: UNEXPECTED failure (exit $rc)" >&2; exit 1; fi
}
# rejected EXPECTED-SUBSTRING CMD...: must fail and print EXPECTED-SUBSTRING.
rejected() {
  local want=$1; shift
  show "$*"
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  printf '%s\n' "$out"
  if [ $rc -eq 0 ]; then echo "smoke: UNEXPECTED success; expected a rejection with: $want" >&2; exit 1; fi
  if ! grep -qF -- "$want" <<<"$out"; then echo "smoke: rejected, but without the expected message: $want" >&2; exit 1; fi
  echo "(rejected as expected)"
}
# expect_eq WHAT GOT WANT
expect_eq() {
  if [ "$2" != "$3" ]; then echo "smoke: $1: got '$2', want '$3'" >&2; exit 1; fi
  echo "ok: $1 = '$2'"
}

step "server"
ok kubectl version
ok kubectl get --raw /readyz

step "apply CRDs from $REPO/crds"
ok kubectl apply -f "$REPO/crds/"
ok kubectl wait --for=condition=Established --timeout=60s \
  crd/databaseclusters.aurora.dbops.dev crd/auroramigrations.aurora.dbops.dev
# Structural-schema / CEL problems show up as conditions, not only as apply errors.
for crd in databaseclusters.aurora.dbops.dev auroramigrations.aurora.dbops.dev; do
  ok kubectl get crd "$crd" -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
done
ok kubectl api-resources --api-group=aurora.dbops.dev

NS="aurora-smoke-$(date +%s)"
step "namespace $NS"
ok kubectl create namespace "$NS"
K=(kubectl -n "$NS")

step "a minimal valid DatabaseCluster"
valid_dbc() { # name minCapacity maxCapacity
  cat <<EOF
apiVersion: aurora.dbops.dev/v1alpha1
kind: DatabaseCluster
metadata:
  name: $1
spec:
  clusterIdentifier: $1
  engineVersion: "15.10"
  scaling:
    minCapacity: $2
    maxCapacity: $3
  masterCredentials:
    username: postgres
    manageMasterUserPassword: true
EOF
}
valid_dbc smoke 0.5 4 >"$WORK/smoke-dbc.yaml"
ok "${K[@]}" apply -f "$WORK/smoke-dbc.yaml"
ok "${K[@]}" get dbc
ok "${K[@]}" get dbc smoke -o jsonpath='{.spec}{"\n"}'
expect_eq "defaulted spec.deletionPolicy" "$("${K[@]}" get dbc smoke -o jsonpath='{.spec.deletionPolicy}')" Retain
expect_eq "defaulted spec.engine" "$("${K[@]}" get dbc smoke -o jsonpath='{.spec.engine}')" aurora-postgresql

step "status through the status subresource"
ok "${K[@]}" patch dbc smoke --subresource=status --type=merge -p \
  '{"status":{"phase":"Available","engineVersion":"15.10","scaling":{"minCapacity":0.5,"maxCapacity":4},"endpoint":"smoke.cluster-abc123.eu-west-1.rds.amazonaws.com","observedGeneration":1}}'
ok "${K[@]}" get dbc
expect_eq "status.phase" "$("${K[@]}" get dbc smoke -o jsonpath='{.status.phase}')" Available
rejected 'Unsupported value: "Bogus"' \
  "${K[@]}" patch dbc smoke --subresource=status --type=merge -p '{"status":{"phase":"Bogus"}}'

step "status written through the main resource is ignored (status subresource enabled)"
ok "${K[@]}" patch dbc smoke --type=merge -p '{"status":{"phase":"Failed"}}'
expect_eq "status.phase after a main-resource patch" "$("${K[@]}" get dbc smoke -o jsonpath='{.status.phase}')" Available

step "invalid: minCapacity 8 > maxCapacity 4 (CEL)"
valid_dbc bad-range 8 4 >"$WORK/smoke-bad-range.yaml"
rejected "minCapacity must not be greater than maxCapacity" "${K[@]}" apply -f "$WORK/smoke-bad-range.yaml"

step "invalid: minCapacity 0.7 (CEL multiple of 0.5)"
valid_dbc bad-step 0.7 4 >"$WORK/smoke-bad-step.yaml"
rejected "minCapacity must be a multiple of 0.5 ACU" "${K[@]}" apply -f "$WORK/smoke-bad-step.yaml"

step "invalid: clusterIdentifier not matching its pattern"
sed 's/^  clusterIdentifier: .*/  clusterIdentifier: 1-bad--id/' "$WORK/smoke-dbc.yaml" | sed 's/name: smoke/name: bad-pattern/' >"$WORK/smoke-bad-pattern.yaml"
rejected "spec.clusterIdentifier" "${K[@]}" apply -f "$WORK/smoke-bad-pattern.yaml"

step "invalid: both manageMasterUserPassword and passwordSecretRef (CEL)"
sed 's/^    manageMasterUserPassword: true/    manageMasterUserPassword: true\n    passwordSecretRef: {name: pw}/; s/name: smoke/name: bad-creds/' \
  "$WORK/smoke-dbc.yaml" >"$WORK/smoke-bad-creds.yaml"
rejected "set exactly one of manageMasterUserPassword: true or passwordSecretRef" "${K[@]}" apply -f "$WORK/smoke-bad-creds.yaml"

step "immutable: changing clusterIdentifier (CEL transition rule)"
rejected "clusterIdentifier is immutable" \
  "${K[@]}" patch dbc smoke --type=merge -p '{"spec":{"clusterIdentifier":"smoke-renamed"}}'
ok "${K[@]}" patch dbc smoke --type=merge -p '{"spec":{"scaling":{"maxCapacity":8}}}'
ok "${K[@]}" get dbc smoke -o jsonpath='{.metadata.generation} {.spec.scaling}{"\n"}'

step "a minimal valid AuroraMigration"
amig() { # name extra-spec-yaml
  cat <<EOF
apiVersion: aurora.dbops.dev/v1alpha1
kind: AuroraMigration
metadata:
  name: $1
spec:
  source:
    clusterIdentifier: legacy-$1
    username: postgres
    passwordSecretRef: {name: legacy-pw}
  target:
    scaling: {maxCapacity: 4}
$2
EOF
}
amig mig "" >"$WORK/amig.yaml"
ok "${K[@]}" apply -f "$WORK/amig.yaml"
ok "${K[@]}" get amig
ok "${K[@]}" get amig mig -o jsonpath='{.spec}{"\n"}'
amig bad-retire "  sourceRetirement: {action: Keep, delayMinutes: 10}" >"$WORK/amig-bad.yaml"
rejected "delayMinutes applies only to action Delete" "${K[@]}" apply -f "$WORK/amig-bad.yaml"
rejected "source.clusterIdentifier is immutable" \
  "${K[@]}" patch amig mig --type=merge -p '{"spec":{"source":{"clusterIdentifier":"other"}}}'

step "RBAC is enforced: a service account without a Role may not list DatabaseClusters"
"${K[@]}" get serviceaccount default >/dev/null 2>&1 || {
  echo "(no default service account: kube-controller-manager not running; creating it)"
  ok "${K[@]}" create serviceaccount default
}
TOKEN="$("${K[@]}" create token default --duration=10m)"
echo "kubectl create token default: got a token of ${#TOKEN} characters"
rejected "forbidden" "${K[@]}" --token "$TOKEN" get dbc
rejected "no" "${K[@]}" auth can-i list databaseclusters.aurora.dbops.dev --as "system:serviceaccount:$NS:default"

if [ -f "$STATE/kube-controller-manager.pid" ] && kill -0 "$(cat "$STATE/kube-controller-manager.pid")" 2>/dev/null; then
  step "ownerReference garbage collection (kube-controller-manager)"
  UID_="$("${K[@]}" get dbc smoke -o jsonpath='{.metadata.uid}')"
  ok "${K[@]}" apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: smoke-connection
  ownerReferences:
  - apiVersion: aurora.dbops.dev/v1alpha1
    kind: DatabaseCluster
    name: smoke
    uid: $UID_
    controller: true
    blockOwnerDeletion: true
stringData:
  host: smoke.cluster-abc123.eu-west-1.rds.amazonaws.com
EOF
  ok "${K[@]}" delete dbc smoke --wait=true --timeout=60s
  ok "${K[@]}" wait --for=delete secret/smoke-connection --timeout=60s

  step "namespace deletion (kube-controller-manager)"
  ok kubectl delete namespace "$NS" --wait=true --timeout=90s
else
  step "no kube-controller-manager: ownerReference GC and namespace deletion are NOT tested"
  ok kubectl delete namespace "$NS" --wait=false
fi

printf '\nsmoke: all checks passed\n'
