#!/usr/bin/env bash
# Operator benchmark: N UploadRequests against the mock API server with and without the operator
# (the operator runs in a child JVM), the ratio of the two, and the operator's memory with M
# requests in its cache. See docs/performance.md.
#
# Usage: scripts/bench-operator.sh [--requests=2000] [--memory-requests=10000] [--threads=4]
#          [--rounds=1] [--phase-timeout-seconds=300] [--memory-timeout-seconds=300]
#          [--skip-memory] [--discard-events=memory|none|all] [--log-dir=target/bench-operator]
# Environment: BENCH_CHILD_JAVA_OPTS      JVM options of the operator child (default: none)
#              BENCH_JAVA_OPTS            JVM options of the benchmark JVM (mock server, S3Proxy)
#              PRESIGN_*                  operator settings, passed to the child
#              BENCH_FIRST_CHECK_SECONDS  what-if: delay before the first HeadObject after issuing
# Takes about 5 minutes on 2 cores; exits non-zero when a phase fails or times out.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
export AWS_EC2_METADATA_DISABLED=true
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.presign.bench.OperatorThroughputBenchmark "$@"
