#!/usr/bin/env bash
# JMH: signatures per second of the SigV4 POST signer vs. a minimal HMAC baseline, in one run.
# Usage: scripts/bench-signer.sh [extra JMH options, e.g. -t 2]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main 'dev.presign.bench.SignerBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1 "$@"
