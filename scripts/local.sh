#!/usr/bin/env bash
# Runs presign-operator locally: mock Kubernetes API + S3Proxy + the real operator and HTTP API,
# all on 127.0.0.1, no cluster and no AWS account.
#   scripts/local.sh          run until Ctrl-C, and print curl lines to try it
#   scripts/local.sh demo     run the seed walkthrough end to end; exit 0 only if it all worked
# One line per step. Colour only on a terminal, and never with NO_COLOR set (https://no-color.org):
# Maven prints escape codes even in batch mode, so its output goes to a log, shown on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  color=always
else
  color=never
fi

# Drops terminal escape sequences (colours, cursor moves) unless colour is wanted.
plain() {
  if [[ $color == always ]]; then cat; else sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g'; fi
}

mkdir -p target
log=target/local-build.log
echo "building the test classes with Maven (log: $log)"
if ! mvn -B -q -Dstyle.color="$color" -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >"$log" 2>&1; then
  echo "the build failed; the end of $log:" >&2
  tail -n 40 "$log" | plain >&2
  exit 1
fi
echo "starting the mock Kubernetes API, S3Proxy and the operator"
exec java -Dlogback.configurationFile=logback-local.xml -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.presign.local.LocalMode "$@"
