#!/usr/bin/env bash
# Issue 12's measure: a 1 GiB multipart upload through local mode (operator + HTTP API + mock API
# server + S3Proxy in one JVM), parts signed over the Companion routes, against a baseline with the
# AWS SDK presigning in-process. Writes and deletes ~3 GiB under target/bench-multipart.
# Usage: scripts/bench-multipart.sh [--size-mib=1024] [--rounds=3] [--warmup-mib=20]
#                                   [--timeout-seconds=900]
#                                   [--companion-path=/api/v1/companion/s3] [--paths=sdk,operator]
# See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -r target/classes "$snapshot/classes"
cp -r target/test-classes "$snapshot/test-classes"
# The whole run is bounded by --timeout-seconds (default 900); timeout(1) is the backstop.
timeout --foreground 1200 java -Xmx2g -Dlogback.configurationFile=logback-local.xml \
  -cp "$snapshot/test-classes:$snapshot/classes:$(cat target/test-classpath.txt)" \
  dev.presign.bench.MultipartBenchmark "$@"
