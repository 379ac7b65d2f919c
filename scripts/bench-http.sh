#!/usr/bin/env bash
# Load on the HTTP API (POST /api/v1/uploads/) vs. a no-op route, in one run.
# Usage: scripts/bench-http.sh [seconds at 200 req/s, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -r target/classes "$snapshot/classes"
cp -r target/test-classes "$snapshot/test-classes"
java -Xmx2g -Dlogback.configurationFile=logback-local.xml \
  -cp "$snapshot/test-classes:$snapshot/classes:$(cat target/test-classpath.txt)" \
  dev.presign.bench.HttpLoadBenchmark "$@"
