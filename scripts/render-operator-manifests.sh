#!/usr/bin/env bash
# Writes the CRDs that crd-generator makes from the Java model (in process-classes, so test-compile
# runs it), post-processed by GeneratedCrdPostProcessor (printer columns in the order declared on
# the model classes, no `priority: 0`), into crds/, helm/presign-operator/crds/ and operator/crds/;
# then regenerates operator/ (plain manifests for `kubectl apply -k operator/`) from the Helm chart.
# Run it after changing the model, the chart or its values.yaml, then commit the result;
# CrdDriftTest and OperatorManifestsTest fail while anything is stale.
#
# Uses the Helm embedded by the test dependency helm-java, so no helm binary is needed.
# Extra arguments go to Maven, e.g. -o to stay offline.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q "$@" test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.presign.chart.RenderOperatorManifests \
  -Dexec.args="$(pwd)"
