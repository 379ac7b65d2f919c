#!/usr/bin/env bash
# Memory under hostile UploadRequests on the real control plane of e2e/ (kube-apiserver + etcd,
# the operator jar as a local process with the chart's RBAC and env, -Xmx192m): 2,000 requests
# carrying 256 KiB of annotations each, then a restart with all of them in place. Prints
# `FIGURE ...` lines (heap after a full GC, RSS) and the e2e checks. See docs/performance.md.
#
# Usage: scripts/bench-e2e-memory.sh
# Environment: PRESIGN_E2E_MEMORY_REQUESTS (2000), PRESIGN_E2E_MEMORY_ANNOTATION_BYTES (262000),
#              PRESIGN_E2E_MEMORY_PARALLEL (4 curl loops), PRESIGN_E2E_MEMORY_TIMEOUT (900 s a step),
#              PRESIGN_E2E_MEMORY_HEAP (-Xmx192m), PRESIGN_E2E_JAR (another operator jar, e.g. one
#              built from an earlier commit), BENCH_TIMEOUT (3600 s for the whole run), and the
#              PRESIGN_E2E_* settings of e2e/run.sh (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PRESIGN_E2E_MVN_FLAGS="${PRESIGN_E2E_MVN_FLAGS:--o}"
exec timeout --foreground "${BENCH_TIMEOUT:-3600}" e2e/run.sh memory
