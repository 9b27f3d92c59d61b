#!/usr/bin/env bash
# Scenario "chart": lint and install helm/aurora-operator (with its CRDs) into aurora-system, then act
# as the chart's ServiceAccount: write $E2E_WORK/operator.kubeconfig with a token for it (the later
# scenarios run the operator with that identity, so a rule the chart lacks fails them), compare what
# the ServiceAccount may do with the table in docs/rbac.md, and start the operator's image once with it
# (e2e/bin/run-image.sh: as its non-root user, read-only root, the token mounted where a pod has it).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
trap 'stop_bg chart-operator; stop_bg moto' EXIT

# E2E_CHART: another copy of the chart (e.g. a broken one, to see the suite fail)
CHART="${E2E_CHART:-$REPO/helm/aurora-operator}"
NS=aurora-system
RELEASE=aurora-operator
SA=aurora-operator   # the release's full name: release and chart share the name

step "helm lint"
ok helm lint --strict "$CHART"

step "helm install $RELEASE into $NS (CRDs from the chart's crds/)"
ok helm install "$RELEASE" "$CHART" --namespace "$NS" --create-namespace
ok kubectl wait --for=condition=Established --timeout=60s \
  crd/databaseclusters.aurora.dbops.dev crd/auroramigrations.aurora.dbops.dev
ok kubectl -n "$NS" get serviceaccount,clusterrole,clusterrolebinding,deployment -l app.kubernetes.io/instance="$RELEASE"
# No kubelet or scheduler here: the Deployment is stored, its pod never runs. The operator runs below,
# outside the cluster, with the Deployment's ServiceAccount.
expect_eq "Deployment serviceAccountName" \
  "$(kubectl -n "$NS" get deployment "$RELEASE" -o jsonpath='{.spec.template.spec.serviceAccountName}')" "$SA"

step "a kubeconfig with a token of ServiceAccount $NS/$SA"
kubectl -n "$NS" create token "$SA" --duration=2h >"$E2E_WORK/operator.token"
chmod 600 "$E2E_WORK/operator.token"
E2E_SECRETS+=("$(cat "$E2E_WORK/operator.token")")
echo "got a token of $(wc -c <"$E2E_WORK/operator.token") characters (not shown)"
cat >"$E2E_WORK/operator.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: $AURORA_E2E_API_SERVER
    certificate-authority: $AURORA_E2E_STATE/pki/ca.crt
users:
- name: $SA
  user:
    token: $(cat "$E2E_WORK/operator.token")
contexts:
- name: operator
  context: {cluster: e2e, user: $SA, namespace: default}
current-context: operator
EOF
chmod 600 "$E2E_WORK/operator.kubeconfig"
expect_eq "whoami with that kubeconfig" \
  "$(KUBECONFIG="$E2E_WORK/operator.kubeconfig" kubectl auth whoami -o jsonpath='{.status.userInfo.username}')" \
  "system:serviceaccount:$NS:$SA"

step "what the ServiceAccount may do, against docs/rbac.md"
# Every authenticated identity gets some rules (discovery, self reviews); a ServiceAccount without
# bindings shows that baseline, and what the chart grants is the difference.
ok kubectl create namespace e2e-rbac-baseline
ok kubectl -n e2e-rbac-baseline create serviceaccount nobody
baseline_token="$(kubectl -n e2e-rbac-baseline create token nobody --duration=10m)"
E2E_SECRETS+=("$baseline_token")
for ns in "$NS" default; do
  KUBECONFIG="$E2E_WORK/operator.kubeconfig" kubectl auth can-i --list -n "$ns" >"$E2E_WORK/can-i-operator-$ns.txt"
  kubectl --token "$baseline_token" --kubeconfig /dev/null --server "$AURORA_E2E_API_SERVER" \
    --certificate-authority "$AURORA_E2E_STATE/pki/ca.crt" auth can-i --list -n "$ns" >"$E2E_WORK/can-i-baseline-$ns.txt"
  echo "\$ kubectl auth can-i --list -n $ns   (as $SA)"
  cat "$E2E_WORK/can-i-operator-$ns.txt"
  # Leader election is off in the default values, so the table's leader-election row must be absent.
  "$VENV_PY" "$REPO/e2e/scenarios/rbac_contract.py" "$REPO/docs/rbac.md" \
    "$E2E_WORK/can-i-operator-$ns.txt" "$E2E_WORK/can-i-baseline-$ns.txt" --without-bound-by leader-election ||
    die "the ServiceAccount's permissions in namespace $ns differ from docs/rbac.md"
done
ok kubectl delete namespace e2e-rbac-baseline --wait=false

step "the operator's image starts with the ServiceAccount's identity (informers list and watch both kinds)"
start_moto
port=$(free_port)
mport=$(free_port)
start_image_operator chart-operator "$port" "$mport"
wait_operator_ready chart-operator "$port"
no_forbidden chart-operator
pid=$(cat "$E2E_WORK/pids/chart-operator.pid")
# What a pod of the chart would be: the image's user, its entrypoint, the chart's JVM flags, nothing
# written outside /tmp (the root filesystem is mounted read-only), the in-cluster identity.
expect_eq "operator process uid/gid" "$(awk '/^Uid:/{print $2} /^Gid:/{print $2}' "/proc/$pid/status" | paste -sd/)" "65532/65532"
expect_eq "operator process groups" "$(awk '/^Groups:/{print $2}' "/proc/$pid/status")" ""
expect_eq "operator executable" "$(readlink "/proc/$pid/exe")" "$E2E_WORK/image/rootfs/opt/java/bin/java"
expect_eq "JAVA_TOOL_OPTIONS from the chart" \
  "$(tr '\0' '\n' <"/proc/$pid/environ" | sed -n 's/^JAVA_TOOL_OPTIONS=//p')" \
  "$(deployment_env | sed -n 's/^JAVA_TOOL_OPTIONS=//p')"
grep -q 'Picked up JAVA_TOOL_OPTIONS: .*MaxRAMPercentage' "$E2E_WORK/logs/chart-operator.log" ||
  die "the JVM did not pick up the chart's JAVA_TOOL_OPTIONS"
# The trust store the image's JVM uses by default (-cacerts) loads, and holds Amazon's roots (AWS endpoints
# chain to them), read by the image's own keytool as the image's user.
"$REPO/e2e/bin/run-image.sh" "$E2E_WORK/image" "$E2E_WORK/image/serviceaccount" "$AURORA_E2E_API_SERVER" -- \
  /opt/java/bin/keytool -list -cacerts -storepass changeit >"$E2E_WORK/image-cacerts.txt" 2>&1 ||
  { cat "$E2E_WORK/image-cacerts.txt"; die "the image's JVM trust store does not load"; }
for root in amazonrootca1 amazonrootca2 amazonrootca3 amazonrootca4; do
  grep -q "^$root \[debian\], .*trustedCertEntry" "$E2E_WORK/image-cacerts.txt" || die "no $root in the image's trust store"
done
echo "ok: the image's trust store loads: $(grep -c trustedCertEntry "$E2E_WORK/image-cacerts.txt") roots, Amazon Root CA 1-4 among them"
ok curl -fsS -o "$E2E_WORK/metrics.txt" "http://127.0.0.1:$mport/metrics"
echo "ok: /metrics answered ($(grep -c '^aurora_' "$E2E_WORK/metrics.txt") aurora_* samples)"
stop_bg chart-operator
stop_bg moto
