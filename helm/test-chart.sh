#!/usr/bin/env bash
# Checks the Helm chart: lint, render with the main value combinations, and make sure the values schema
# refuses bad values; compare the RBAC rules with docs/rbac.md. Exits non-zero if any check fails.
# Needs helm on PATH or in the e2e tool cache (helm/install-helm.sh builds it there) and python3.
set -euo pipefail

cd "$(dirname "$0")"
CHART=aurora-operator
PATH="$PATH:${AURORA_E2E_CACHE:-$HOME/.cache/aurora-operator-e2e}/bin"
command -v helm >/dev/null || { echo "helm not found on PATH or in the e2e tool cache: run helm/install-helm.sh" >&2; exit 1; }

# A helm built by plain `go install` (without install-helm.sh's version stamps) assumes Kubernetes 1.20
# in `template` and `lint`, below the chart's kubeVersion: name a current version.
KUBE_VERSION=1.31.0

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
failures=0

pass() { echo "ok   $1"; }
fail() { echo "FAIL $1" >&2; failures=$((failures + 1)); }

# expect_render NAME [helm template args...]: renders into $OUT/NAME.yaml, fails the check on an error.
expect_render() {
  local name=$1; shift
  if helm template test "$CHART" --namespace aurora-system --kube-version "$KUBE_VERSION" "$@" >"$OUT/$name.yaml" 2>"$OUT/$name.err"; then
    pass "renders: $name"
  else
    fail "renders: $name"; cat "$OUT/$name.err" >&2
  fi
}

# expect_in NAME PATTERN DESCRIPTION / expect_not_in ...: grep the rendering of NAME.
expect_in() {
  if grep -Eq -- "$2" "$OUT/$1.yaml"; then pass "$1: $3"; else fail "$1: $3 (no match for /$2/)"; fi
}
expect_not_in() {
  if grep -Eq -- "$2" "$OUT/$1.yaml"; then fail "$1: $3 (found /$2/)"; else pass "$1: $3"; fi
}
count_of() { grep -Ec -- "$2" "$OUT/$1.yaml" || true; }

# expect_refused DESCRIPTION MESSAGE [helm template args...]: rendering must fail with MESSAGE (a regex)
# in the error, so a refusal for another reason does not count.
expect_refused() {
  local what=$1 message=$2; shift 2
  if helm template test "$CHART" --namespace aurora-system --kube-version "$KUBE_VERSION" "$@" \
    >/dev/null 2>"$OUT/refused.err"; then
    fail "refuses: $what (rendered)"
  elif grep -Eq -- "$message" "$OUT/refused.err"; then
    pass "refuses: $what"
  else
    fail "refuses: $what (wrong error)"; cat "$OUT/refused.err" >&2
  fi
}
SCHEMA="values don.t meet the specifications of the schema"

if helm lint --strict "$CHART" --kube-version "$KUBE_VERSION" >"$OUT/lint.txt" 2>&1; then pass "helm lint --strict"; else fail "helm lint --strict"; cat "$OUT/lint.txt" >&2; fi
if helm lint --strict "$CHART" --kube-version "$KUBE_VERSION" --set replicas=2 --set watchNamespaces='{team-a,team-b}' >"$OUT/lint2.txt" 2>&1; then
  pass "helm lint (replicas 2, watchNamespaces)"
else
  fail "helm lint (replicas 2, watchNamespaces)"; cat "$OUT/lint2.txt" >&2
fi

# Default values: every namespace, one replica, no leader election.
expect_render default
expect_in default '^kind: ClusterRole$' "ClusterRole when watchNamespaces is empty"
expect_in default '^kind: ClusterRoleBinding$' "ClusterRoleBinding when watchNamespaces is empty"
expect_not_in default '^kind: Role$' "no namespaced Role"
expect_not_in default 'coordination.k8s.io' "no lease access without leader election"
expect_in default 'name: AURORA_LEADER_ELECTION$' "sets AURORA_LEADER_ELECTION"
expect_in default 'value: "false"' "leader election off with one replica"
expect_in default 'type: Recreate' "Recreate strategy without leader election"
expect_in default 'runAsNonRoot: true' "runs as non-root"
expect_in default 'readOnlyRootFilesystem: true' "read-only root filesystem"
expect_in default 'allowPrivilegeEscalation: false' "no privilege escalation"
expect_in default '- ALL' "drops all capabilities"
expect_in default 'type: RuntimeDefault' "seccomp RuntimeDefault"
expect_in default 'mountPath: /tmp' "writable /tmp"
expect_in default 'path: /healthz' "liveness probe"
expect_in default 'path: /readyz' "readiness probe"
expect_in default 'fieldPath: metadata.namespace' "POD_NAMESPACE from the downward API"
expect_not_in default 'verbs:.*"delete"' "never grants delete"
expect_not_in default 'apiextensions.k8s.io' "no CRD access"
for var in AURORA_WATCH_NAMESPACES AURORA_RECONCILE_CONCURRENCY AURORA_RESYNC_INTERVAL \
  AURORA_INVENTORY_REFRESH_INTERVAL AURORA_AWS_MAX_ATTEMPTS AURORA_LOG_LEVEL AURORA_LOG_FORMAT \
  AURORA_HEALTH_PORT AURORA_METRICS_PORT POD_NAMESPACE; do
  expect_in default "name: $var\$" "sets $var"
done

# The image: by tag, or pinned by digest (which wins over the tag).
expect_in default 'image: "aurora-operator:[0-9]' "image tag defaults to the appVersion"
DIGEST=sha256:$(printf '%064d' 7)
expect_render digest --set image.repository=registry.example/aurora-operator --set image.tag=1.2.3 --set image.digest="$DIGEST"
expect_in digest "image: \"registry.example/aurora-operator@$DIGEST\"" "image.digest pins repository@digest"
expect_not_in digest 'aurora-operator:1.2.3' "the tag is ignored when a digest is set"

# JVM flags from values as JAVA_TOOL_OPTIONS; memory requests and limit set; /tmp an emptyDir.
expect_in default 'name: JAVA_TOOL_OPTIONS$' "sets JAVA_TOOL_OPTIONS"
expect_in default 'value: "-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=10 -XX:\+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -XX:TieredStopAtLevel=1"' \
  "JVM defaults: heap 50% of the limit, exit on OOM, no perf data, temp dir /tmp, C1 only"
expect_in default 'name: MALLOC_ARENA_MAX$' "sets MALLOC_ARENA_MAX"
# The chart's JVM environment is the image's (Jib's in operator/pom.xml), which bench/fleet.sh measures.
image_tool_options=$(sed -n 's|.*<JAVA_TOOL_OPTIONS>\(.*\)</JAVA_TOOL_OPTIONS>.*|\1|p' ../operator/pom.xml | sed 's/\.0 / /g')
image_arenas=$(sed -n 's|.*<MALLOC_ARENA_MAX>\(.*\)</MALLOC_ARENA_MAX>.*|\1|p' ../operator/pom.xml)
if grep -qF "value: \"$image_tool_options\"" "$OUT/default.yaml"; then
  pass "default: JAVA_TOOL_OPTIONS the same as the image's"
else
  fail "default: JAVA_TOOL_OPTIONS the same as the image's ($image_tool_options)"
fi
if [ -n "$image_arenas" ] && grep -A1 'name: MALLOC_ARENA_MAX$' "$OUT/default.yaml" | grep -qF "value: \"$image_arenas\""; then
  pass "default: MALLOC_ARENA_MAX the same as the image's ($image_arenas)"
else
  fail "default: MALLOC_ARENA_MAX the same as the image's (${image_arenas:-none in the image})"
fi
expect_in default 'memory: 512Mi' "memory limit by default"
expect_in default 'emptyDir:' "/tmp is an emptyDir"
expect_render jvm --set jvm.maxRAMPercentage=70 --set jvm.extraOptions=-Xss512k
expect_in jvm 'value: "-XX:MaxRAMPercentage=70 .* -Xss512k"' "jvm.maxRAMPercentage and jvm.extraOptions"

# Grafana dashboard: off by default; a ConfigMap with the sidecar's label and the dashboard JSON when on.
expect_not_in default 'grafana_dashboard' "no dashboard ConfigMap by default"
expect_render dashboard --set grafanaDashboard.enabled=true --set-string grafanaDashboard.annotations.grafana_folder=Operators
expect_in dashboard 'name: test-aurora-operator-dashboard$' "dashboard ConfigMap"
expect_in dashboard 'grafana_dashboard: "1"' "labelled for Grafana's dashboard sidecar"
expect_in dashboard 'grafana_folder: Operators' "dashboard annotations"
expect_in dashboard '"uid": "aurora-operator"' "carries the dashboard JSON"
if python3 - "$OUT/dashboard.yaml" aurora-operator/dashboards/aurora-operator.json <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
m = re.search(r"^  aurora-operator\.json: \|-\n((?:    .*\n|\n)+)", text, re.M)
embedded = json.loads("".join(l[4:] + "\n" for l in m.group(1).splitlines()))
sys.exit(0 if embedded == json.load(open(sys.argv[2])) else 1)
PY
then pass "dashboard: the ConfigMap's JSON equals dashboards/aurora-operator.json"; else fail "dashboard: the ConfigMap's JSON equals dashboards/aurora-operator.json"; fi

# Namespaced: a Role and RoleBinding per watched namespace, no ClusterRole.
expect_render namespaced --set watchNamespaces='{team-a,team-b}' --set aws.region=eu-west-1 \
  --set aws.endpoint=http://moto:5000
expect_not_in namespaced '^kind: ClusterRole' "no ClusterRole when namespaces are listed"
if [ "$(count_of namespaced '^kind: Role$')" = 2 ]; then pass "namespaced: one Role per namespace"; else fail "namespaced: one Role per namespace"; fi
if [ "$(count_of namespaced '^kind: RoleBinding$')" = 2 ]; then pass "namespaced: one RoleBinding per namespace"; else fail "namespaced: one RoleBinding per namespace"; fi
expect_in namespaced 'namespace: team-a' "Role in team-a"
expect_in namespaced 'namespace: team-b' "Role in team-b"
expect_in namespaced 'value: "team-a,team-b"' "AURORA_WATCH_NAMESPACES is the comma list"
expect_in namespaced 'value: "eu-west-1"' "AURORA_DEFAULT_REGION from aws.region"
expect_in namespaced 'value: "http://moto:5000"' "AURORA_AWS_ENDPOINT from aws.endpoint"

# Two replicas: leader election turns itself on, with a lease Role in the release namespace only.
expect_render replicas2 --set replicas=2
expect_in replicas2 'replicas: 2' "two replicas"
expect_in replicas2 'name: AURORA_LEADER_ELECTION_NAMESPACE' "sets the lease namespace"
expect_in replicas2 'name: AURORA_LEADER_ELECTION_NAME' "sets the lease name"
expect_in replicas2 'coordination.k8s.io' "grants lease access"
expect_not_in replicas2 'type: Recreate' "rolling update with leader election"
expect_in replicas2 'verbs: \["get", "create", "update"\]' "lease verbs get, create, update only"

# Leader election forced on with one replica, and forced off with two.
expect_render leader-on --set leaderElection.enabled=true
expect_in leader-on 'coordination.k8s.io' "leaderElection.enabled=true grants lease access"
expect_render leader-off --set replicas=2 --set leaderElection.enabled=false
expect_not_in leader-off 'coordination.k8s.io' "leaderElection.enabled=false grants no lease access"

# IRSA annotation and an existing service account.
expect_render irsa --set-string 'serviceAccount.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::123456789012:role/aurora-operator'
expect_in irsa 'eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/aurora-operator' "IRSA annotation on the ServiceAccount"
expect_render existing-sa --set serviceAccount.create=false --set serviceAccount.name=ops
expect_not_in existing-sa '^kind: ServiceAccount$' "no ServiceAccount when create is false"
expect_in existing-sa 'serviceAccountName: ops' "uses the named ServiceAccount"

# Metrics: a Service by default, a ServiceMonitor only when asked for.
expect_in default 'name: test-aurora-operator-metrics$' "metrics Service by default"
expect_in default 'targetPort: metrics' "metrics Service targets the container's metrics port"
expect_not_in default '^kind: ServiceMonitor$' "no ServiceMonitor by default"
expect_render servicemonitor --set metrics.serviceMonitor.enabled=true --set metrics.serviceMonitor.interval=15s \
  --set-string metrics.serviceMonitor.labels.release=prometheus
expect_in servicemonitor '^kind: ServiceMonitor$' "ServiceMonitor when metrics.serviceMonitor.enabled"
expect_in servicemonitor 'interval: 15s' "ServiceMonitor interval from values"
expect_in servicemonitor 'release: prometheus' "ServiceMonitor extra labels"
expect_in servicemonitor 'path: /metrics' "ServiceMonitor scrapes /metrics"
expect_render no-metrics-service --set metrics.service.enabled=false
expect_not_in no-metrics-service 'name: test-aurora-operator-metrics$' "no metrics Service when disabled"

# The rendered rules grant exactly what docs/rbac.md lists (its "Rules" table), no more, no less.
rbac_triples_of_chart() {
  # Rules are written in flow style (apiGroups: ["x"]), so each line parses as JSON.
  cat "$OUT/default.yaml" "$OUT/replicas2.yaml" | python3 -c '
import json, sys
triples, groups, resources = set(), None, None
for line in sys.stdin:
    key, _, value = line.strip().lstrip("- ").partition(": ")
    if key == "apiGroups": groups = json.loads(value)
    elif key == "resources": resources = json.loads(value)
    elif key == "verbs":
        triples |= {(g, r, v) for g in groups for r in resources for v in json.loads(value)}
for t in sorted(triples): print(*t)'
}
rbac_triples_of_doc() {
  sed -n '/^## Rules/,/^## /p' ../docs/rbac.md | python3 -c '
import re, sys
triples = set()
for line in sys.stdin:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 3 or not cells[0].startswith("`"): continue
    group = re.findall(r"`([^`]*)`", cells[0])[0]
    group = "" if group == "\"\"" else group
    for r in re.findall(r"`([^`]*)`", cells[1]):
        for v in cells[2].split(","):
            triples.add((group, r, v.strip()))
for t in sorted(triples): print(*t)'
}
if command -v python3 >/dev/null; then
  if diff <(rbac_triples_of_doc) <(rbac_triples_of_chart) >"$OUT/rbac.diff"; then
    pass "RBAC rules equal docs/rbac.md ($(rbac_triples_of_chart | wc -l) group/resource/verb grants)"
  else
    fail "RBAC rules differ from docs/rbac.md (< doc, > chart)"; cat "$OUT/rbac.diff" >&2
  fi
else
  fail "RBAC rules vs docs/rbac.md: python3 not found"
fi

# Bad values the schema must refuse.
expect_refused "logFormat xml" "$SCHEMA" --set logFormat=xml
expect_refused "replicas 0" "$SCHEMA" --set replicas=0
expect_refused "replicas not a number" "$SCHEMA" --set replicas=two
expect_refused "logLevel verbose" "$SCHEMA" --set logLevel=verbose
expect_refused "resyncInterval 5 minutes" "$SCHEMA" --set resyncInterval="5 minutes"
expect_refused "inventoryRefreshInterval 1d" "$SCHEMA" --set inventoryRefreshInterval=1d
expect_refused "reconcileConcurrency 0" "$SCHEMA" --set reconcileConcurrency=0
expect_refused "leaderElection.enabled maybe" "$SCHEMA" --set leaderElection.enabled=maybe
expect_refused "watchNamespaces with a bad name" "$SCHEMA" --set watchNamespaces='{Team_A}'
expect_refused "aws.region not a region" "$SCHEMA" --set aws.region=europe
expect_refused "image.pullPolicy Sometimes" "$SCHEMA" --set image.pullPolicy=Sometimes
expect_refused "image.digest without sha256:" "$SCHEMA" --set image.digest=abc123
expect_refused "jvm.maxRAMPercentage 95" "$SCHEMA" --set jvm.maxRAMPercentage=95
expect_refused "jvm.maxRAMPercentage not a number" "$SCHEMA" --set jvm.maxRAMPercentage=half
expect_refused "jvm.mallocArenaMax 0" "$SCHEMA" --set jvm.mallocArenaMax=0
expect_refused "grafanaDashboard.enabled yes" "$SCHEMA" --set grafanaDashboard.enabled=yes
expect_refused "unknown top-level value" "$SCHEMA" --set replicaCount=2
expect_refused "metrics.serviceMonitor.interval 30 seconds" "$SCHEMA" --set metrics.serviceMonitor.interval="30 seconds"
expect_refused "ServiceMonitor without the metrics Service" "needs metrics.service.enabled" \
  --set metrics.serviceMonitor.enabled=true --set metrics.service.enabled=false
expect_refused "serviceAccount.create false without a name" "serviceAccount.name is required" \
  --set serviceAccount.create=false

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all chart checks passed"
