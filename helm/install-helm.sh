#!/usr/bin/env bash
# Builds the pinned helm (e2e/tools/helm, stamped with the Kubernetes version the e2e suite runs, so
# `helm lint` and `helm template` check the chart's kubeVersion against it) into the e2e tool cache and
# prints its directory. helm/test-chart.sh finds it there. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash e2e/bin/install-tools.sh helm >&2
echo "${AURORA_E2E_CACHE:-$HOME/.cache/aurora-operator-e2e}/bin"
