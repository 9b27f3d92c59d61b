#!/usr/bin/env bash
# Scenario "migration": a whole AuroraMigration against the real API server, as the chart's
# ServiceAccount. AWS is the local Aurora (LocalAurora, its own process): moto answers the API, real
# PostgreSQL holds the data. Source orders-v1 (Serverless v1, 13.12) is a PostgreSQL 13 server with the
# sample shop data; the snapshot is a pg_basebackup of it, the target a server on a copy, upgraded to 15
# by pg_upgrade. The operator (E2eOperator: the real OperatorRuntime) reaches both through the endpoints
# RDS answers with, and is killed with SIGKILL once after the restore and started again. Before that,
# while the migration takes its snapshot or restores, kube-apiserver itself is killed and started again
# (same flags, 3 s later): the operator's watches and status patches fail meanwhile and must resume.
# The migration must still complete exactly once: one snapshot, one target, one restore; and the
# apps' Secret and ExternalName Service must point at the target only after the approved cutover.
# After cutover the app role's INSERT on the target must succeed (TargetWritable removed the read-only
# switch the whole-cluster snapshot carried), and the write fence must have found no write on the source.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
# The data dirs belong to nobody (PostgreSQL refuses root), so they cannot live in the private E2E_WORK.
AURORA_STATE="$(mktemp -d "${TMPDIR:-/tmp}/aurora-e2e-data.XXXXXX")"
finish() {
  local rc=$1
  [ "$rc" -eq 0 ] || explain_failure migration-operator
  stop_bg migration-operator; stop_bg local-aurora; stop_bg moto
  cp "$AURORA_STATE/local-aurora.log" "$E2E_WORK/logs/local-aurora-actions.log" 2>/dev/null || true
  if [ "$rc" -eq 0 ] && [ "${AURORA_E2E_KEEP:-0}" != 1 ]; then rm -rf "$AURORA_STATE"; else echo "local Aurora state kept in $AURORA_STATE"; fi
}
trap 'finish $?' EXIT
[ -f "$E2E_WORK/operator.kubeconfig" ] || die "no operator kubeconfig: scenario chart must run first"

NS=e2e-migration
K=(kubectl -n "$NS")
jp() { "${K[@]}" get "$1" -o jsonpath="$2"; }
phase_is() { [ "$(jp amig/orders '{.status.phase}')" = "$1" ]; }

step "the test classpath (LocalAurora, E2eSampleData, E2eOperator and their dependencies)"
test_classpath

step "AWS: the local Aurora (moto + real PostgreSQL) in its own process, with the source cluster"
start_moto
start_bg local-aurora java -cp "$CP" dev.dbops.aurora.testing.aurora.LocalAurora "$MOTO_URL" "$AURORA_STATE" \
  "$E2E_WORK/aurora-url"
wait_for "local Aurora answers (it wrote $E2E_WORK/aurora-url)" 90 test -s "$E2E_WORK/aurora-url"
# shellcheck disable=SC1091
source "$E2E_WORK/aurora-url"
echo "local Aurora on $AURORA_URL, state in $AURORA_STATE"
# boto3 as a second opinion, through the local Aurora (its answers carry the local endpoints).
aws_rds() { MOTO_URL="$AURORA_URL" rds "$@"; }
aws_rds "
rds.create_db_cluster(DBClusterIdentifier='orders-v1', Engine='aurora-postgresql', EngineVersion='13.12',
    EngineMode='serverless', MasterUsername='postgres', MasterUserPassword='postgres-password',
    ScalingConfiguration={'MinCapacity': 2, 'MaxCapacity': 8})
c = rds.describe_db_clusters(DBClusterIdentifier='orders-v1')['DBClusters'][0]
print('source', c['DBClusterIdentifier'], c['EngineMode'], c['EngineVersion'], c['Endpoint'], c['Port'])
"
source_endpoint="$(aws_rds "print(rds.describe_db_clusters(DBClusterIdentifier='orders-v1')['DBClusters'][0]['Endpoint'])")"
source_port="$(aws_rds "print(rds.describe_db_clusters(DBClusterIdentifier='orders-v1')['DBClusters'][0]['Port'])")"
MASTER_PASSWORD=postgres-password ok java -cp "$CP" dev.dbops.aurora.e2e.E2eSampleData "$AURORA_URL" orders-v1 postgres \
  MASTER_PASSWORD

health_port=$(free_port)
start_operator() {
  # shellcheck disable=SC2046
  start_bg migration-operator env $(operator_env) AURORA_AWS_ENDPOINT="$AURORA_URL" AURORA_HEALTH_PORT="$health_port" \
    java -cp "$CP" dev.dbops.aurora.e2e.E2eOperator
  wait_operator_ready migration-operator "$health_port"
}
start_operator

step "the apps' Secret and ExternalName Service point at the source; the migration is applied"
ok kubectl create namespace "$NS"
ok "${K[@]}" create secret generic orders-db-connection --from-literal=host="$source_endpoint" --from-literal=port="$source_port"
ok "${K[@]}" create service externalname orders-db --external-name "$source_endpoint"
# The apps that read them. This control plane has no kubelet and no deployment controller: once the
# operator restarts them, the scenario plays those parts (a new ReplicaSet and the status it and the
# Deployment would get), through the status subresource. orders-stuck is left alone: it never rolls out.
ok "${K[@]}" create deployment orders-api --image=shop/api:1 --replicas=2
ok "${K[@]}" create deployment orders-stuck --image=shop/stuck:1 --replicas=1
# The local demo's migration, with a manual cutover (so it waits for approval) and the target adopted as
# a DatabaseCluster afterwards (the one "create" the chart grants).
sed -e 's/^    mode: Automatic/    mode: Manual\n    adoptAsDatabaseCluster: {name: orders-v2, deletionPolicy: Retain}\n    workloads: [{kind: Deployment, name: orders-api}, {kind: Deployment, name: orders-stuck}]\n    rolloutTimeoutSeconds: 60\n    drainGracePeriodSeconds: 5/' \
    "$REPO/examples/local-demo/migration.yaml" >"$E2E_WORK/migration.yaml"
grep -q 'mode: Manual' "$E2E_WORK/migration.yaml" || die "could not switch the cutover to Manual"
ok "${K[@]}" apply -f "$E2E_WORK/migration.yaml"

step "restart kube-apiserver while the migration runs (snapshot to restore), with the operator running"
seen=""
start=$SECONDS
while :; do
  current="$(jp amig/orders '{.status.phase}/{.status.currentStep}' 2>/dev/null || true)"
  [ "$current" = "$seen" ] || { echo "  $(( SECONDS - start ))s: $current"; seen="$current"; }
  case "$current" in
    */SourceReadOnly | */Snapshot | */RestoreTarget | */CreateInstances | */TargetWritable) break ;;
    */Upgrade | */PostUpgrade | */Verify | */StatementCheck | */AwaitCutoverApproval) die "the migration got past the restore before the restart: $current" ;;
    Failed/* | RolledBack/* | Completed/*) "${K[@]}" get amig orders -o yaml; die "the migration ended before the restart: $current" ;;
  esac
  [ $(( SECONDS - start )) -lt 120 ] || die "no snapshot or restore step within 120s (last: $current)"
  sleep 0.2
done
api_restart_start=$SECONDS
operator_log="$E2E_WORK/logs/migration-operator.log"
restart_window_from=$(( $(wc -l <"$operator_log") + 1 ))
restart_api_server 3
wait_for "kube-apiserver authorizes the operator again (RBAC caches filled)" 60 api_server_authorizes_operator "$NS"
sleep 2 # a refusal answered just before is logged just after
restart_window_to=$(wc -l <"$operator_log")
echo "kube-apiserver restarted at $current in $(( SECONDS - api_restart_start ))s"
ok "${K[@]}" get amig orders

step "kill -9 the operator once the target is restored (Upgrade or a later step), then start it again"
seen=""
start=$SECONDS
while :; do
  current="$(jp amig/orders '{.status.phase}/{.status.currentStep}' 2>/dev/null || true)"
  [ "$current" = "$seen" ] || { echo "  $(( SECONDS - start ))s: $current"; seen="$current"; }
  case "$current" in
    */Upgrade | */PostUpgrade | */Verify | */StatementCheck | */AwaitCutoverApproval) break ;;
    Failed/* | RolledBack/* | Completed/*) "${K[@]}" get amig orders -o yaml; die "the migration ended before the kill: $current" ;;
  esac
  [ $(( SECONDS - start )) -lt 180 ] || die "no Upgrade step within 180s (last: $current)"
  sleep 0.2
done
[ "${current#*/}" = Upgrade ] || echo "NOTE: the poll saw ${current#*/} first, not Upgrade; killing there (still after restore, before cutover)"
capture amig-migrating.json amig/orders -n "$NS"
stop_bg migration-operator KILL
echo "killed at $current"
start_operator

step "the migration goes on and waits for cutover approval"
wait_for "phase AwaitingCutover" 180 phase_is AwaitingCutover
capture amig-awaiting-cutover.json amig/orders -n "$NS"
ok "${K[@]}" get amig orders
expect_eq "Service before approval" "$(jp service/orders-db '{.spec.externalName}')" "$source_endpoint"
expect_eq "Secret host before approval" "$(jp secret/orders-db-connection '{.data.host}' | base64 -d)" "$source_endpoint"

step "approve the cutover: Completed"
ok "${K[@]}" patch amig orders --type=merge -p '{"spec":{"cutover":{"approved":true}}}'

step "cutover restarts the apps (the scenario plays kubelet and deployment controller for orders-api)"
restarted_at() { jp "deployment/$1" '{.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}'; }
has_restart() { [ -n "$(restarted_at "$1")" ]; }
wait_for "orders-api's pod template carries kubectl.kubernetes.io/restartedAt" 180 has_restart orders-api
expect_eq "Secret host when the restart came" "$(jp secret/orders-db-connection '{.data.host}' | base64 -d)" \
  "$(aws_rds "print(rds.describe_db_clusters(DBClusterIdentifier='orders-v2')['DBClusters'][0]['Endpoint'])")"
# The new ReplicaSet the deployment controller would make from the restarted template, its pods ready.
"${K[@]}" get deployment orders-api -o json | python3 -c '
import json, sys
d = json.load(sys.stdin)
rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": {"name": "orders-api-restarted", "labels": d["spec"]["template"]["metadata"]["labels"],
                   "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "orders-api",
                                        "uid": d["metadata"]["uid"], "controller": True}]},
      "spec": {"replicas": d["spec"]["replicas"], "selector": d["spec"]["selector"], "template": d["spec"]["template"]}}
print(json.dumps(rs))' >"$E2E_WORK/orders-api-replicaset.json"
ok "${K[@]}" create -f "$E2E_WORK/orders-api-replicaset.json"
ok "${K[@]}" patch replicaset orders-api-restarted --subresource=status --type=merge \
  -p '{"status":{"replicas":2,"fullyLabeledReplicas":2,"readyReplicas":2,"availableReplicas":2,"observedGeneration":1}}'
generation="$(jp deployment/orders-api '{.metadata.generation}')"
ok "${K[@]}" patch deployment orders-api --subresource=status --type=merge -p "{\"status\":{\"observedGeneration\":$generation,\"replicas\":2,\"updatedReplicas\":2,\"readyReplicas\":2,\"availableReplicas\":2}}"
workload_state() { jp amig/orders "{.status.apps.workloads[?(@.name==\"$1\")].state}"; }
state_is() { [ "$(workload_state "$1")" = "$2" ]; }
wait_for "orders-api RolledOut in status.apps.workloads" 60 state_is orders-api RolledOut
expect_eq "restartedAt in status = the annotation" \
  "$(jp amig/orders '{.status.apps.workloads[?(@.name=="orders-api")].restartedAt}')" "$(restarted_at orders-api)"

step "orders-stuck never rolls out: the migration holds, Degraded RolloutTimedOut, the source kept"
degraded_reason() { jp amig/orders '{.status.conditions[?(@.type=="Degraded")].reason}'; }
reason_is() { [ "$(degraded_reason)" = "$1" ]; }
wait_for "Degraded reason RolloutTimedOut" 150 reason_is RolloutTimedOut
capture amig-rollout-timed-out.json amig/orders -n "$NS"
message="$(jp amig/orders '{.status.conditions[?(@.type=="Degraded")].message}')"
echo "$message"
case "$message" in *"rollout of Deployment orders-stuck ("*"did not finish within 60s"*) ;; *) die "timeout message does not name orders-stuck: $message" ;; esac
expect_eq "phase while held" "$(jp amig/orders '{.status.phase}')" CuttingOver
expect_eq "orders-stuck state" "$(workload_state orders-stuck)" TimedOut
expect_eq "DrainSource not started while held" "$(jp amig/orders '{.status.steps[?(@.name=="DrainSource")].state}')" Pending
expect_eq "orders-stuck restarted once, like the others" "$(restarted_at orders-stuck)" "$(restarted_at orders-api)"

step "the person takes orders-stuck out of spec.cutover.workloads: Completed"
ok "${K[@]}" patch amig orders --type=merge -p '{"spec":{"cutover":{"workloads":[{"kind":"Deployment","name":"orders-api"}]}}}'
wait_for "phase Completed" 180 phase_is Completed
zero_at="$(jp amig/orders '{.status.apps.drain.zeroAt}')"
[ -n "$zero_at" ] || die "status.apps.drain.zeroAt not set"
echo "ok: source drained, no app session left at $zero_at; samples: $(jp amig/orders '{.status.apps.drain.samples}')"
capture amig-completed.json amig/orders -n "$NS"
ok "${K[@]}" get amig orders
ok "${K[@]}" get amig orders -o jsonpath='{range .status.steps[*]}{.name}: {.state} - {.message}{"\n"}{end}'
expect_eq "steps not Succeeded" \
  "$(jp amig/orders '{range .status.steps[*]}{.state}{"\n"}{end}' | grep -vc '^Succeeded$' || true)" 0
expect_eq "step entries in status.steps, each step once" \
  "$(jp amig/orders '{range .status.steps[*]}{.name}{"\n"}{end}' | sort | uniq -d | wc -l)" 0
expect_eq "tables that differ after verification" "$(jp amig/orders '{.status.verification.mismatches}')" 0
compared="$(jp amig/orders '{.status.verification.tablesCompared}')"
[ "${compared:-0}" -ge 5 ] || die "verification compared ${compared:-no} tables; the sample schema has 5"
echo "ok: verification compared $compared tables"

step "exactly once: one snapshot, one target cluster, one restore, one pg_upgrade"
aws_rds "
snaps = rds.describe_db_cluster_snapshots(SnapshotType='manual')['DBClusterSnapshots']
clusters = {c['DBClusterIdentifier']: c for c in rds.describe_db_clusters()['DBClusters']}
print('manual snapshots', [s['DBClusterSnapshotIdentifier'] for s in snaps])
print('clusters', {k: (c['EngineVersion'], c['EngineMode'], c.get('ServerlessV2ScalingConfiguration')) for k, c in clusters.items()})
assert len(snaps) == 1, 'want exactly one snapshot'
assert sorted(clusters) == ['orders-v1', 'orders-v2'], 'want the source and one target'
t = clusters['orders-v2']
assert t['EngineVersion'].startswith('15.'), 'target is not on PostgreSQL 15'
assert t['ServerlessV2ScalingConfiguration'] == {'MinCapacity': 0.5, 'MaxCapacity': 8.0}
" || die "AWS does not show exactly one snapshot and one PostgreSQL 15 Serverless v2 target"
actions="$AURORA_STATE/local-aurora.log"
cut -c1-300 "$actions"
expect_eq "pg_basebackup snapshots of orders-v1" "$(grep -c 'snapshot .* of cluster orders-v1 (pg_basebackup' "$actions" || true)" 1
expect_eq "restores of orders-v2 (servers started on a snapshot copy)" "$(grep -c 'restored cluster orders-v2 from snapshot' "$actions" || true)" 1
expect_eq "pg_upgrade runs of orders-v2 (13 → 15)" "$(grep -c 'pg_upgrade 13\..* → 15\..* for orders-v2 took' "$actions" || true)" 1
expect_eq "operator starts in the log (the apiserver restart did not need one)" "$(grep -c 'started; health on port' "$E2E_WORK/logs/migration-operator.log")" 2

step "cutover repointed the apps at the target"
target_endpoint="$(aws_rds "print(rds.describe_db_clusters(DBClusterIdentifier='orders-v2')['DBClusters'][0]['Endpoint'])")"
[ "$target_endpoint" != "$source_endpoint" ] || die "source and target share the endpoint $target_endpoint; the checks below would prove nothing"
ok "${K[@]}" get service/orders-db secret/orders-db-connection
expect_eq "Service orders-db externalName" "$(jp service/orders-db '{.spec.externalName}')" "$target_endpoint"
expect_eq "Secret orders-db-connection host" "$(jp secret/orders-db-connection '{.data.host}' | base64 -d)" "$target_endpoint"
expect_eq "status.target.identifier" "$(jp amig/orders '{.status.target.identifier}')" orders-v2

step "the app role writes to the target where the Secret points"
app_host="$(jp secret/orders-db-connection '{.data.host}' | base64 -d)"
app_port="$(jp secret/orders-db-connection '{.data.port}' | base64 -d)"
ok java -cp "$CP" dev.dbops.aurora.e2e.E2eAppInsert "$app_host" "$app_port"
expect_eq "status.writeFence.result" "$(jp amig/orders '{.status.writeFence.result}')" NoWritesDetected
expect_eq "status.target.writableVerifiedAt set" "$([ -n "$(jp amig/orders '{.status.target.writableVerifiedAt}')" ] && echo yes || echo no)" yes

step "the target is adopted as DatabaseCluster orders-v2 and becomes Ready"
ok "${K[@]}" get dbc orders-v2 -o jsonpath='{.metadata.labels}{"\n"}{.spec}{"\n"}'
ok "${K[@]}" wait --for=condition=Ready dbc/orders-v2 --timeout=120s
ok "${K[@]}" get dbc orders-v2

step "a migration whose source does not exist fails, with the reason"
ok "${K[@]}" apply -f - <<EOF
apiVersion: aurora.dbops.dev/v1alpha1
kind: AuroraMigration
metadata: {name: ghost}
spec:
  source:
    clusterIdentifier: ghost-v1
    username: postgres
    passwordSecretRef: {name: orders-db-credentials}
  target:
    scaling: {maxCapacity: 2}
EOF
wait_for "amig/ghost phase Failed" 60 bash -c "[ \"\$(kubectl -n $NS get amig ghost -o jsonpath='{.status.phase}')\" = Failed ]"
ok "${K[@]}" get amig ghost -o jsonpath='{.status.message}{"\n"}'
capture amig-failed.json amig/ghost -n "$NS"

no_forbidden migration-operator "$restart_window_from" "$restart_window_to"
ok kubectl delete namespace "$NS" --wait=false
