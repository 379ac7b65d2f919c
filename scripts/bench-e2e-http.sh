#!/usr/bin/env bash
# Uploads per second on the real control plane of e2e/ (kube-apiserver + etcd, the operator jar as a
# local process with the chart's RBAC and env, abuse limits off): open-loop load with vegeta at fixed
# rates on POST /api/v1/uploads/ and, alternately in the same run, on bare creates of a ConfigMap of
# the same size straight into the API server. Prints `FIGURE ...` lines per run and a markdown table:
# latency percentiles, success and codes, CPU ms per upload of the operator, kube-apiserver and etcd,
# API requests per upload by verb and resource. See docs/performance.md.
#
# Usage: scripts/bench-e2e-http.sh
# Environment: PRESIGN_BENCH_RATES ("40 80 120" per second), PRESIGN_BENCH_SECONDS (20 a run),
#              PRESIGN_BENCH_TARGETS (both | operator | bare), PRESIGN_BENCH_PAUSE (10 s after each
#              run), PRESIGN_BENCH_WARMUP_RATE (10/s) and PRESIGN_BENCH_WARMUP_SECONDS (5),
#              PRESIGN_BENCH_JFR (1: profile the operator with JFR, print its hottest methods),
#              PRESIGN_E2E_JAR (another operator jar, e.g. one built from an earlier commit),
#              BENCH_TIMEOUT (1800 s for the whole run), and the PRESIGN_E2E_* settings of
#              e2e/run.sh (docs/testing.md).
#              Sustained: PRESIGN_BENCH_RATES=120 PRESIGN_BENCH_SECONDS=60 scripts/bench-e2e-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PRESIGN_E2E_MVN_FLAGS="${PRESIGN_E2E_MVN_FLAGS:--o}"
exec timeout --foreground "${BENCH_TIMEOUT:-1800}" e2e/run.sh httpbench
