#!/usr/bin/env bash
# Regenerates operator/ (plain manifests for `kubectl apply -k operator/`) from the Helm chart,
# and copies crds/ into helm/presign-operator/crds/ and operator/crds/. Run it after changing the
# chart, its values.yaml or the CRDs, then commit the result; OperatorManifestsTest and
# CrdDriftTest fail while the copies are stale.
#
# Uses the Helm embedded by the test dependency helm-java, so no helm binary is needed.
# Extra arguments go to Maven, e.g. -o to stay offline.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q "$@" test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.presign.chart.RenderOperatorManifests \
  -Dexec.args="$(pwd)"
