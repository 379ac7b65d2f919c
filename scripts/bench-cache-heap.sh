#!/usr/bin/env bash
# Heap per cached UploadRequest before and after pruning (CachedUploadRequests), in one JVM run.
# See docs/performance.md.
#
# Usage: scripts/bench-cache-heap.sh [--requests=10000] [--hostile-requests=1000] [--histogram]
# Environment: BENCH_JAVA_OPTS  JVM options (default: -XX:+UseSerialGC, the operator's collector)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--XX:+UseSerialGC} -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.presign.bench.CachedRequestHeapBenchmark "$@"
