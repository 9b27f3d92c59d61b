#!/usr/bin/env bash
# Builds the e2e control-plane toolchain from Go modules, pinned by
# e2e/tools/*/go.mod + go.sum, into ${AURORA_E2E_CACHE}/bin:
#   kube-apiserver, kube-controller-manager, kubectl  (e2e/tools/k8s)
#   etcd                                              (e2e/tools/etcd)
#   helm                                              (e2e/tools/helm)
#
# Idempotent: a tool whose binary exists next to a stamp file holding the
# expected version is skipped. Go's module and build caches live under the same
# cache dir (never in the repo), so a rebuild after a version bump is
# incremental.
#
# Usage: e2e/bin/install-tools.sh [tool...]   (default: all five)
# Env:   AURORA_E2E_CACHE (default $HOME/.cache/aurora-operator-e2e)
#        AURORA_E2E_FORCE=1 rebuilds even when stamped.
#        AURORA_E2E_TRIM_GOCACHE=1 removes Go's build cache (~4.5 GiB) afterwards;
#        the binaries and the module cache stay, but a later rebuild is cold.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$(cd "$HERE/../tools" && pwd)"
CACHE="${AURORA_E2E_CACHE:-$HOME/.cache/aurora-operator-e2e}"
BIN="$CACHE/bin"
LOGS="$CACHE/logs"
mkdir -p "$BIN" "$LOGS"

# Pinned versions; they must agree with the go.mod files (checked below).
K8S_VERSION=v1.37.2
ETCD_VERSION=v3.7.0
HELM_VERSION=v3.22.0

export GOMODCACHE="${AURORA_E2E_GOMODCACHE:-$CACHE/gomod}"
export GOCACHE="${AURORA_E2E_GOCACHE:-$CACHE/gobuild}"
export GOFLAGS=-mod=mod
export CGO_ENABLED=0
export GOMAXPROCS="${GOMAXPROCS:-2}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

command -v go >/dev/null || { echo "install-tools: go is not on PATH" >&2; exit 1; }

check_pin() { # module-dir module version
  grep -qE "^(require )?[[:space:]]*$2 $3( |\$)" "$TOOLS/$1/go.mod" ||
    { echo "install-tools: $TOOLS/$1/go.mod does not pin $2 $3" >&2; exit 1; }
}
check_pin k8s k8s.io/kubernetes "$K8S_VERSION"
check_pin etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
check_pin helm helm.sh/helm/v3 "$HELM_VERSION"

k8s_minor="${K8S_VERSION#v1.}"; k8s_minor="${k8s_minor%%.*}"
K8S_LDFLAGS="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$k8s_minor -X $p.gitTreeState=clean"
done
HELM_LDFLAGS="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"

# tool -> "moduledir|package|version|ldflags"
declare -A SPEC=(
  [kube-apiserver]="k8s|k8s.io/kubernetes/cmd/kube-apiserver|$K8S_VERSION|$K8S_LDFLAGS"
  [kube-controller-manager]="k8s|k8s.io/kubernetes/cmd/kube-controller-manager|$K8S_VERSION|$K8S_LDFLAGS"
  [kubectl]="k8s|k8s.io/kubernetes/cmd/kubectl|$K8S_VERSION|$K8S_LDFLAGS"
  [etcd]="etcd|go.etcd.io/etcd/server/v3|$ETCD_VERSION|-s -w"
  [helm]="helm|helm.sh/helm/v3/cmd/helm|$HELM_VERSION|$HELM_LDFLAGS"
)
ORDER=(etcd kube-apiserver kubectl kube-controller-manager helm)
[ $# -gt 0 ] && ORDER=("$@")

go_version="$(go env GOVERSION)"
total_start=$(date +%s)
summary=()
for tool in "${ORDER[@]}"; do
  [ -n "${SPEC[$tool]:-}" ] || { echo "install-tools: unknown tool $tool" >&2; exit 2; }
  IFS='|' read -r dir pkg version ldflags <<<"${SPEC[$tool]}"
  stamp="$BIN/.$tool.version"
  want="$tool $version $go_version $(sha256sum "$TOOLS/$dir/go.sum" | cut -c1-16)"
  if [ -z "${AURORA_E2E_FORCE:-}" ] && [ -x "$BIN/$tool" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    summary+=("$(printf '%-24s %-8s skipped (stamped %s)' "$tool" "$version" "$version")")
    continue
  fi
  echo "install-tools: building $tool $version ($pkg) ... log: $LOGS/$tool.log"
  start=$(date +%s)
  if ! (cd "$TOOLS/$dir" && go build -p "$GOMAXPROCS" -trimpath -ldflags="$ldflags" \
          -o "$BIN/$tool.tmp" "$pkg") >"$LOGS/$tool.log" 2>&1; then
    tail -30 "$LOGS/$tool.log" >&2
    echo "install-tools: FAILED to build $tool" >&2
    exit 1
  fi
  mv -f "$BIN/$tool.tmp" "$BIN/$tool"
  echo "$want" >"$stamp"
  secs=$(( $(date +%s) - start ))
  summary+=("$(printf '%-24s %-8s built in %ds (%s)' "$tool" "$version" "$secs" "$(du -h "$BIN/$tool" | cut -f1)")")
done

if [ "${AURORA_E2E_TRIM_GOCACHE:-0}" = 1 ]; then
  go clean -cache
  echo "install-tools: removed Go's build cache $GOCACHE"
fi
echo "install-tools: done in $(( $(date +%s) - total_start ))s; binaries in $BIN"
printf '  %s\n' "${summary[@]}"
echo "  cache size: $(du -sh "$CACHE" 2>/dev/null | cut -f1) ($CACHE)"
