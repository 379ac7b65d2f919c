#!/usr/bin/env bash
# Runs presign-operator locally: mock Kubernetes API + S3Proxy + the real operator and HTTP API,
# all on 127.0.0.1, no cluster and no AWS account.
#   scripts/local.sh          run until Ctrl-C, and print curl lines to try it
#   scripts/local.sh demo     run the seed walkthrough end to end; exit 0 only if it all worked
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
mvn -B -q -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -Dlogback.configurationFile=logback-local.xml -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.presign.local.LocalMode "$@"
