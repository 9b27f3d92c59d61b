#!/usr/bin/env bash
# Scenario "cluster": the operator's image (run as its pod would run, e2e/bin/run-image.sh), as the chart's ServiceAccount against the real API
# server (status patched with server-side apply) and moto as AWS, takes a DatabaseCluster through
# create -> Ready, a maxCapacity change, a failed adoption (Degraded) and deletion with a final snapshot.
# Each state's object is saved in $E2E_WORK/captured for the Argo CD health-check tests.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
trap 'rc=$?; [ $rc -eq 0 ] || explain_failure operator; stop_bg operator; stop_bg moto' EXIT
[ -f "$E2E_WORK/operator.kubeconfig" ] || die "no operator kubeconfig: scenario chart must run first"

NS=e2e-cluster
K=(kubectl -n "$NS")

# ready_at NAME GENERATION: the Ready condition is True for that generation of the spec.
ready_at() {
  [ "$("${K[@]}" get dbc "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}/{.status.conditions[?(@.type=="Ready")].observedGeneration}')" = "True/$2" ]
}
jp() { "${K[@]}" get "$1" -o jsonpath="$2"; }
# jp_is OBJECT JSONPATH VALUE (for wait_for, which re-runs it)
jp_is() { [ "$(jp "$1" "$2")" = "$3" ]; }
jp_set() { [ -n "$(jp "$1" "$2")" ]; }

start_moto
port=$(free_port)
start_image_operator operator "$port" "$(free_port)"
wait_operator_ready operator "$port"

step "create: a DatabaseCluster with a password Secret"
ok kubectl create namespace "$NS"
cat >"$E2E_WORK/dbc-orders.yaml" <<EOF
apiVersion: v1
kind: Secret
metadata: {name: orders-master}
stringData: {password: e2e-master-password}
---
apiVersion: aurora.dbops.dev/v1alpha1
kind: DatabaseCluster
metadata: {name: orders}
spec:
  clusterIdentifier: orders-e2e
  engineVersion: "15.10"
  scaling: {minCapacity: 0.5, maxCapacity: 4}
  instances: {count: 1}
  masterCredentials:
    username: orders_admin
    passwordSecretRef: {name: orders-master, key: password}
  connectionSecret: {name: orders-db}
  deletionPolicy: Snapshot
EOF
E2E_SECRETS+=(e2e-master-password)
# moto creates at once and the operator looks again within half a second, so the cluster can be Ready before a
# capture after the first status: the watch keeps every version (the namespace's, as dbc/orders does not exist yet).
watch_start create dbc -n "$NS"
sleep 1
ok "${K[@]}" apply -f "$E2E_WORK/dbc-orders.yaml"
wait_for "a first status on dbc/orders" 60 jp_set dbc/orders '{.status.phase}'
ok "${K[@]}" get dbc orders -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
ok "${K[@]}" wait --for=condition=Ready dbc/orders --timeout=180s
capture_watched dbc-progressing.json create 'o["metadata"]["name"] == "orders" and status.get("phase") and any(c["type"] == "Ready" and c["status"] != "True" for c in status.get("conditions") or [])'
capture dbc-ready.json dbc/orders -n "$NS"

step "kubectl get dbc shows the printer columns with real values"
"${K[@]}" get dbc orders | tee "$E2E_WORK/get-dbc.txt"
endpoint="$(jp dbc/orders '{.status.endpoint}')"
python3 - "$E2E_WORK/get-dbc.txt" "$endpoint" <<'PY' || die "kubectl get dbc does not show what it should"
import re, sys
header, row = open(sys.argv[1]).read().splitlines()[:2]
names = re.split(r"\s{2,}", header.strip())
values = row.split()
got = dict(zip(names, values))
want = {"NAME": "orders", "STATUS": "Available", "VERSION": "15.10", "MIN ACU": "0.5", "MAX ACU": "4", "ENDPOINT": sys.argv[2]}
bad = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
if len(names) != len(values) or bad or not re.fullmatch(r"orders-e2e\.cluster-[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com", sys.argv[2]):
    sys.exit(f"columns {names}, values {values}; wrong (got, want): {bad}")
print("ok: columns", ", ".join(f"{k}={got[k]}" for k in want))
PY
rds "
c = rds.describe_db_clusters(DBClusterIdentifier='orders-e2e')['DBClusters'][0]
i = rds.describe_db_instances(Filters=[{'Name': 'db-cluster-id', 'Values': ['orders-e2e']}])['DBInstances']
print('moto:', c['Status'], c['EngineVersion'], c['ServerlessV2ScalingConfiguration'], c['Endpoint'], [x['DBInstanceIdentifier'] + '/' + x['DBInstanceClass'] for x in i])
assert c['Endpoint'] == '$endpoint', 'endpoint differs from the status'
assert c['ServerlessV2ScalingConfiguration'] == {'MinCapacity': 0.5, 'MaxCapacity': 4.0}
assert [x['DBInstanceClass'] for x in i] == ['db.serverless'], 'want one db.serverless instance'
" || die "moto does not hold the cluster as declared"
expect_eq "connection Secret host" "$(jp secret/orders-db '{.data.host}' | base64 -d)" "$endpoint"
expect_eq "connection Secret password is the master password" "$(jp secret/orders-db '{.data.password}' | base64 -d)" e2e-master-password
expect_eq "connection Secret owner" "$(jp secret/orders-db '{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}')" DatabaseCluster/orders

step "change maxCapacity 4 -> 8: converges"
# moto applies the change at once, so Modifying may last less than one poll: the watch keeps every version.
watch_start modify dbc/orders -n "$NS"
sleep 1
ok "${K[@]}" patch dbc orders --type=merge -p '{"spec":{"scaling":{"maxCapacity":8}}}'
wait_for "the operator to act on generation 2" 60 jp_is dbc/orders '{.status.observedGeneration}' 2
wait_for "dbc/orders Ready for generation 2" 120 ready_at orders 2
capture_watched dbc-modifying.json modify 'status.get("observedGeneration") == 2 and status.get("phase") == "Modifying"'
expect_eq "status.scaling.maxCapacity" "$(jp dbc/orders '{.status.scaling.maxCapacity}')" 8
ok "${K[@]}" get dbc orders
rds "
c = rds.describe_db_clusters(DBClusterIdentifier='orders-e2e')['DBClusters'][0]
print('moto:', c['ServerlessV2ScalingConfiguration'])
assert c['ServerlessV2ScalingConfiguration']['MaxCapacity'] == 8.0
" || die "moto's cluster did not get maxCapacity 8"

step "a failure: adopting a cluster that does not exist -> Degraded with the reason"
ok "${K[@]}" apply -f - <<EOF
apiVersion: aurora.dbops.dev/v1alpha1
kind: DatabaseCluster
metadata: {name: ghost}
spec:
  clusterIdentifier: ghost-e2e
  adoptExisting: true
  engineVersion: "15.10"
  scaling: {minCapacity: 0.5, maxCapacity: 2}
EOF
ok "${K[@]}" wait --for=condition=Degraded dbc/ghost --timeout=60s
message="$(jp dbc/ghost '{.status.conditions[?(@.type=="Ready")].message}')"
echo "Ready=False message: $message"
grep -qF "No cluster ghost-e2e in us-east-1 to adopt" <<<"$message" || die "unexpected message"
capture dbc-degraded.json dbc/ghost -n "$NS"
ok "${K[@]}" delete dbc ghost --timeout=60s

step "delete with deletionPolicy Snapshot: final snapshot, then the cluster and the resource are gone"
# moto deletes at once too: the resource can be gone within a second of its Deleting status, so the watch keeps it.
watch_start delete dbc/orders -n "$NS"
sleep 1
ok "${K[@]}" delete dbc orders --wait=false
ok "${K[@]}" wait --for=delete dbc/orders --timeout=180s
# The operator showed Deleting on the way (capture_watched fails if no version did).
capture_watched dbc-deleting.json delete 'status.get("phase") == "Deleting"'
rds "
snaps = [s['DBClusterSnapshotIdentifier'] for s in rds.describe_db_cluster_snapshots(DBClusterIdentifier='orders-e2e', SnapshotType='manual')['DBClusterSnapshots']]
clusters = [c['DBClusterIdentifier'] for c in rds.describe_db_clusters()['DBClusters']]
print('moto: manual snapshots', snaps, 'clusters', clusters)
assert len(snaps) == 1 and snaps[0].startswith('orders-e2e-final-'), 'want one final snapshot'
assert 'orders-e2e' not in clusters, 'the cluster is still there'
" || die "moto does not show the final snapshot and the deletion"
ok "${K[@]}" wait --for=delete secret/orders-db --timeout=60s   # ownerReference GC (kube-controller-manager)
ok "${K[@]}" get events --sort-by=.lastTimestamp

no_forbidden operator
ok kubectl delete namespace "$NS" --wait=false
