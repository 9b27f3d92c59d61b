//go:build tools

// Package tools pins the helm CLI. It is never compiled.
package tools

import _ "helm.sh/helm/v3/cmd/helm"
