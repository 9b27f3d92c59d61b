#!/usr/bin/env bash
# Installs helm into $(go env GOPATH)/bin by building it from the Go module proxy (no binary download
# needed). Does nothing when that version is there already. The first build takes about 4 minutes of
# CPU time.
set -euo pipefail

HELM_VERSION=${HELM_VERSION:-v3.22.0}
# Helm's own release builds stamp in the version and the Kubernetes version its client libraries
# (k8s.io/* v0.37) target; without it `helm template` and `helm lint` assume Kubernetes 1.20.
KUBE_MINOR=${KUBE_MINOR:-37}
BIN="$(go env GOPATH)/bin"

if [ -x "$BIN/helm" ] && [ "$("$BIN/helm" version --template '{{.Version}}' 2>/dev/null)" = "$HELM_VERSION" ]; then
  echo "helm $HELM_VERSION already in $BIN"
  exit 0
fi
LDFLAGS="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  LDFLAGS="$LDFLAGS -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$KUBE_MINOR"
done
GOFLAGS=-mod=mod go install -ldflags "$LDFLAGS" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
echo "installed helm $("$BIN/helm" version --template '{{.Version}}') in $BIN"
