#!/usr/bin/env bash
# The end-to-end suite, one command for CI: builds/checks the tools, starts a real control plane
# (etcd, kube-apiserver, kube-controller-manager), runs the scenarios in e2e/scenarios/ in order, always
# stops everything it started, prints one line "N passed, M failed" and exits non-zero if any failed.
#
# Usage: e2e/run.sh [scenario...]        (default: chart examples cluster migration argocd)
# Needs: the operator's image operator/target/jib-image.tar (mvn -Pimage; the chart and cluster scenarios run
#        the operator from it) and test classes (both built here when missing), <repo>/.venv
#        with moto (.ci/install-moto.sh), Go for the first tools build, python3, openssl, curl.
# Env:   E2E_CHART          install this chart directory instead of helm/aurora-operator
#        AURORA_E2E_KEEP=1  keep the scratch dir (logs, captured status documents) even when green
#        E2E_MVN_FLAGS      extra Maven flags for the build and the classpath lookup (e.g. -o)
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(chart examples cluster migration argocd)

export E2E_WORK; E2E_WORK="$(mktemp -d "${TMPDIR:-/tmp}/aurora-e2e.XXXXXX")"
# A state dir of this run's own, so a control plane someone else started is never touched.
export AURORA_E2E_STATE="$E2E_WORK/control-plane"
export E2E_MVN_FLAGS="${E2E_MVN_FLAGS:-}"
suite_start=$SECONDS
passed=0; failed=0; results=()

cleanup() {
  # shellcheck source=lib.sh
  ( source "$HERE/lib.sh"; stop_all_bg )
  AURORA_E2E_KEEP_STATE=1 "$HERE/bin/stop-control-plane.sh" >/dev/null
  if [ "${AURORA_E2E_KEEP:-0}" = 1 ] || [ "$failed" -gt 0 ]; then
    echo "e2e: logs and state kept in $E2E_WORK"
  else
    rm -rf "$E2E_WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "e2e: scratch dir $E2E_WORK"
"$HERE/bin/install-tools.sh" || { echo "e2e: install-tools.sh failed"; echo "0 passed, ${#SCENARIOS[@]} failed"; failed=1; exit 1; }

if [ ! -f "$REPO/operator/target/jib-image.tar" ] || [ ! -d "$REPO/operator/target/test-classes/dev/dbops/aurora/e2e" ]; then
  echo "e2e: building the operator and its image (mvn -Pimage -DskipTests package)"
  # shellcheck disable=SC2086
  (cd "$REPO" && mvn -B -q $E2E_MVN_FLAGS -Pimage -DskipTests package) ||
    { echo "e2e: build failed"; echo "0 passed, ${#SCENARIOS[@]} failed"; failed=1; exit 1; }
fi

cp_start=$SECONDS
"$HERE/bin/start-control-plane.sh" ||
  { echo "e2e: control plane did not start"; echo "0 passed, ${#SCENARIOS[@]} failed"; failed=1; exit 1; }
echo "e2e: control plane up in $(( SECONDS - cp_start ))s"
# shellcheck disable=SC1091
source "$AURORA_E2E_STATE/env"

for s in "${SCENARIOS[@]}"; do
  script="$HERE/scenarios/$s.sh"
  printf '\n===== scenario %s\n' "$s"
  start=$SECONDS
  if [ -f "$script" ]; then
    bash "$script" 2>&1 | tee "$E2E_WORK/scenario-$s.log"
    rc=${PIPESTATUS[0]}
  else
    echo "no such scenario: $script"; rc=2
  fi
  took=$(( SECONDS - start ))
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1)); results+=("PASS  $s  ${took}s")
  else
    failed=$((failed + 1)); results+=("FAIL  $s  ${took}s (exit $rc; log $E2E_WORK/scenario-$s.log)")
  fi
  echo "===== scenario $s: $([ "$rc" -eq 0 ] && echo passed || echo FAILED) in ${took}s"
done

printf '\n'
printf '%s\n' "${results[@]}"
echo "total ${#SCENARIOS[@]} scenarios in $(( SECONDS - suite_start ))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
