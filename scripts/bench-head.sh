#!/usr/bin/env bash
# JMH: HeadObject through the AWS SDK client vs. the presigned HEAD (HttpURLConnection, and
# java.net.http.HttpClient for comparison),
# against S3Proxy in a child JVM; C1 only (the chart's -XX:TieredStopAtLevel=1), then the
# default JIT, in one run. Each iteration also prints the benchmark JVM's CPU per call (HEADCPU).
# Usage: scripts/bench-head.sh [JMH options; default: -f 1 -wi 4 -w 3s -i 5 -r 3s -t 1]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
# Run from a copy, so a build in this checkout during the run cannot swap classes under JMH.
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -r target/classes "$snapshot/classes"
cp -r target/test-classes "$snapshot/test-classes"
if [ $# -eq 0 ]; then set -- -f 1 -wi 4 -w 3s -i 5 -r 3s -t 1; fi
classpath="$snapshot/test-classes:$snapshot/classes:$(cat target/test-classpath.txt)"
for jit in "-XX:TieredStopAtLevel=1" "-XX:+TieredCompilation"; do
  echo "### JIT: $jit"
  java -cp "$classpath" org.openjdk.jmh.Main 'dev.presign.bench.HeadObjectBenchmark' \
    -jvmArgsAppend "$jit" "$@"
done
