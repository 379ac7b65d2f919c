#!/usr/bin/env bash
# JMH: signatures per second of the SigV4 POST signer vs. a minimal HMAC baseline, in one run.
# Usage: scripts/bench-signer.sh [JMH options; default: -f 2 -wi 3 -w 2s -i 5 -r 2s -t 1]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
# Run from a copy, so a build in this checkout during the run cannot swap classes under JMH.
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -r target/classes "$snapshot/classes"
cp -r target/test-classes "$snapshot/test-classes"
if [ $# -eq 0 ]; then set -- -f 2 -wi 3 -w 2s -i 5 -r 2s -t 1; fi
java -cp "$snapshot/test-classes:$snapshot/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main 'dev.presign.bench.SignerBenchmark' "$@"
