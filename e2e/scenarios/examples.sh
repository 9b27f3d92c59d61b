#!/usr/bin/env bash
# Scenario "examples": against the CRDs the chart installed (no operator running, so nothing reaches
# AWS): every examples/*.yaml (and local-demo/*.yaml) is accepted by
# a server-side dry run and then for real; every examples/invalid/*.yaml is refused, dry run and real,
# with the message on its "# expect:" line; every examples/invalid/updates pair is refused as an update.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

NS=e2e-examples
EX="$REPO/examples"
ok kubectl create namespace "$NS"
K=(kubectl -n "$NS")
count=0
bad=()

expect_of() { head -1 "$1" | sed -n 's/^# expect: //p'; }

# refused_as EXPECT CMD...: CMD must fail, printing EXPECT (the "# expect:" line, written as
# kube-apiserver 1.37 words it) literally.
refused_as() {
  local want=$1; shift
  printf '$ %s\n' "$(redact "$*")"
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  printf '%s\n' "$out"
  [ $rc -ne 0 ] || die "accepted, but should have been refused with: $want"
  [[ "$out" == *"$want"* ]] || die "refused, but without the expected message: $want"
}

step "valid examples: server-side dry run, then applied for real"
# The local demo's files all name their migration "orders": each gets a name of its own here.
demo=()
for f in "$EX"/local-demo/*.yaml; do
  copy="$E2E_WORK/local-demo-$(basename "$f")"
  sed "s/^  name: orders\$/  name: orders-$(basename "$f" .yaml)/" "$f" > "$copy"
  ! grep -q '\${' "$copy" || die "local-demo/$(basename "$f") has placeholders left"
  demo+=("$copy")
done
for f in "$EX"/*.yaml "${demo[@]}"; do
  ok "${K[@]}" apply --dry-run=server -f "$f"
  ok "${K[@]}" apply -f "$f"
  ok "${K[@]}" get -f "$f" -o name
  count=$((count + 1))
done
ok "${K[@]}" get dbc,amig
for f in "$EX"/*.yaml "${demo[@]}"; do ok "${K[@]}" delete -f "$f" --ignore-not-found --wait=true --timeout=30s; done

step "invalid examples: refused with their '# expect:' message"
for f in "$EX"/invalid/*.yaml; do
  want="$(expect_of "$f")"
  [ -n "$want" ] || die "$f has no '# expect:' first line"
  # Each file in a subshell, so one mismatch does not hide the others; the scenario fails below.
  ( refused_as "$want" "${K[@]}" apply --dry-run=server -f "$f" && refused_as "$want" "${K[@]}" create -f "$f" ) ||
    bad+=("$(basename "$f")")
  count=$((count + 1))
done
[ ${#bad[@]} -eq 0 ] || die "${#bad[@]} invalid examples not refused as their '# expect:' line says: ${bad[*]}"
expect_eq "DatabaseClusters and AuroraMigrations left after the refusals" "$("${K[@]}" get dbc,amig -o name | wc -l)" 0

step "refused updates: apply <name>.old.yaml, then <name>.new.yaml must be refused"
for old in "$EX"/invalid/updates/*.old.yaml; do
  new="${old%.old.yaml}.new.yaml"
  [ -f "$new" ] || die "$old has no $new"
  want="$(expect_of "$new")"
  [ -n "$want" ] || die "$new has no '# expect:' first line"
  ok "${K[@]}" apply -f "$old"
  before="$("${K[@]}" get -f "$old" -o jsonpath='{.metadata.resourceVersion} {.spec}')"
  ( refused_as "$want" "${K[@]}" apply -f "$new" ) || bad+=("updates/$(basename "$new")")
  expect_eq "$(basename "$old" .old.yaml) unchanged after the refusal" "$("${K[@]}" get -f "$old" -o jsonpath='{.metadata.resourceVersion} {.spec}')" "$before"
  ok "${K[@]}" delete -f "$old" --wait=true --timeout=30s
  count=$((count + 1))
done
[ ${#bad[@]} -eq 0 ] || die "${#bad[@]} updates not refused as their '# expect:' line says: ${bad[*]}"

ok kubectl delete namespace "$NS" --wait=false
echo "examples: $count files checked"
