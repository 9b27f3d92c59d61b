//go:build tools

// Package tools pins the etcd server (its main package is the module root of
// go.etcd.io/etcd/server/v3). It is never compiled.
package tools

import _ "go.etcd.io/etcd/server/v3"
