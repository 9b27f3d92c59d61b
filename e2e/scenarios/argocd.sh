#!/usr/bin/env bash
# Scenario "argocd": the Argo CD health checks (argocd/resource_customizations) on the status documents
# the cluster and migration scenarios captured in this run, so the Lua is tested against what the
# operator writes today (ArgoCdHealthTest checks the committed copies in `mvn test`). Also applies the
# example Application's manifests with a server-side dry run.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

# captured file -> the health Argo CD must show
declare -A WANT=(
  [dbc-progressing.json]=Progressing [dbc-ready.json]=Healthy [dbc-modifying.json]=Progressing
  [dbc-degraded.json]=Degraded [dbc-deleting.json]=Progressing
  [amig-migrating.json]=Progressing [amig-awaiting-cutover.json]=Suspended
  [amig-completed.json]=Healthy [amig-failed.json]=Degraded [amig-rollout-timed-out.json]=Degraded
)
missing=()
for f in "${!WANT[@]}"; do [ -s "$E2E_WORK/captured/$f" ] || missing+=("$f"); done
[ ${#missing[@]} -eq 0 ] || die "not captured (run the cluster and migration scenarios first): ${missing[*]}"

step "health.lua on this run's status documents"
test_classpath
java -cp "$CP" dev.dbops.aurora.argocd.ArgoCdHealth "$REPO/argocd/resource_customizations" \
  "$E2E_WORK"/captured/*.json >"$E2E_WORK/argocd-health.tsv" || die "ArgoCdHealth failed"
bad=0
while IFS=$'\t' read -r file status message; do
  if [ "$status" = "${WANT[$file]:-}" ]; then
    printf 'ok   %-28s %-12s %s\n' "$file" "$status" "$message"
  else
    printf 'FAIL %-28s %-12s (want %s) %s\n' "$file" "$status" "${WANT[$file]:-?}" "$message"; bad=$((bad + 1))
  fi
done <"$E2E_WORK/argocd-health.tsv"
[ "$bad" -eq 0 ] || die "$bad documents with the wrong Argo CD health"
[ -n "$(awk -F'\t' '$2 == "Degraded" && $3 != ""' "$E2E_WORK/argocd-health.tsv")" ] || die "Degraded without a message"

step "the example Application's manifests (sync waves) pass a server-side dry run"
ok kubectl create namespace e2e-argocd
ok kubectl -n e2e-argocd apply --dry-run=server -f "$REPO/argocd/example/orders/"
ok kubectl delete namespace e2e-argocd --wait=false
