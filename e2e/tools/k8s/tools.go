//go:build tools

// Package tools pins the Kubernetes control-plane commands that the e2e tests
// build (see ../../bin/install-tools.sh). It is never compiled.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
