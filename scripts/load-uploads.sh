#!/usr/bin/env bash
# Issue 7's load proof: N uploads requested through the HTTP API of the operator (child JVM, the
# shipped JVM options) on the mock API server and S3Proxy; checks nothing was lost, changed or
# signed twice, no 5xx, every request Issued, and a sample really uploads. See docs/reliability.md.
#
# Usage: scripts/load-uploads.sh [--count=10000] [--rate=50] [--namespaces=20]
#          [--sample-uploads=100] [--timeout-seconds=900] [--skip-baseline]
#          [--log-dir=target/load-uploads]
# Environment: LOAD_CHILD_JAVA_OPTS  JVM options of the operator child (default: the chart's)
#              LOAD_JAVA_OPTS        JVM options of the load JVM (mock server, S3Proxy, client)
# Takes about 11 minutes with the defaults (two baselines + the operator run); exits 1 when
# anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
export AWS_EC2_METADATA_DISABLED=true
# shellcheck disable=SC2086
exec java ${LOAD_JAVA_OPTS:--Xmx3g} -Dlogback.configurationFile=logback-local.xml \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.presign.bench.UploadLoadRun "$@"
