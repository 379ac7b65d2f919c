# shellcheck shell=bash
# Phase "helm": the chart and the plain manifests against the real API server.
# `helm lint`, `helm template | kubectl apply --dry-run=server` (the API server
# validates every object: schemas, RBAC rules, the Deployment's pod template),
# `kubectl apply -k operator/ --dry-run=server`, and a real `helm install`
# whose objects must all exist afterwards. No Pod ever runs (there is no
# scheduler or kubelet): the Deployment is accepted, that is all.

e2e_register_phase helm

e2e_phase_helm() {
  e2e_step "the CRDs are installed (from crds/, as the apiserver phase does)" e2e_require_crds || return
  e2e_check "helm lint helm/presign-operator passes" check_helm_lint
  e2e_check "helm template | kubectl apply --dry-run=server accepts every rendered object" check_helm_template_dry_run
  e2e_check "kubectl apply -k operator/ --dry-run=server accepts the plain manifests" check_kustomize_dry_run
  e2e_check "the chart's CRDs are in the API server's normal form (another field manager's server-side apply does not conflict)" check_crds_ssa_clean
  e2e_check "helm install presign helm/presign-operator -n presign-system --create-namespace succeeds" check_helm_install
  if ! e2e_release_installed; then
    # The later phases need the chart's ServiceAccount and RBAC; the CRDs are in place.
    e2e_step "fallback for the later phases: helm install --skip-crds" e2e_require_release || return
  fi
  e2e_check "every object helm template renders exists after the install" check_release_objects
}

check_helm_lint() {
  e2e_run e2e_helm lint "$E2E_CHART" || { e2e_fail "helm lint: $(grep -E '^\[(ERROR|WARNING)\]' <<<"$E2E_OUT" | head -n 1)$(e2e_out_tail)"; return; }
  grep -q '0 chart(s) failed' <<<"$E2E_OUT" || e2e_fail "helm lint: $(e2e_out_tail)"
}

check_helm_template_dry_run() {
  E2E_RENDERED="$E2E_WORK/rendered.yaml"
  e2e_run e2e_helm template "$E2E_RELEASE" "$E2E_CHART" -n "$E2E_RELEASE_NS" || { e2e_fail "helm template: $(e2e_out_tail)"; return; }
  printf '%s\n' "$E2E_OUT" >"$E2E_RENDERED"
  e2e_ensure_namespace "$E2E_RELEASE_NS" || { e2e_fail "cannot create namespace $E2E_RELEASE_NS"; return; }
  e2e_run e2e_kubectl apply --dry-run=server -f "$E2E_RENDERED" || { e2e_fail "kubectl apply --dry-run=server: $(e2e_out_tail)"; return; }
  local rendered applied
  rendered=$(grep -c '^kind:' "$E2E_RENDERED")
  applied=$(grep -c '(server dry run)$' <<<"$E2E_OUT")
  ((rendered > 0 && applied == rendered)) || e2e_fail "$rendered objects rendered, $applied accepted"
}

check_kustomize_dry_run() {
  e2e_run e2e_kubectl apply -k "$E2E_REPO/operator" --dry-run=server ||
    { e2e_fail "kubectl apply -k operator/: $(e2e_out_tail)"; return; }
  grep -q 'deployment.apps/.* (server dry run)$' <<<"$E2E_OUT" || e2e_fail "no Deployment among the objects: $(e2e_squash <<<"$E2E_OUT" | cut -c1-200)"
}

# Helm 4 installs a chart's crds/ with server-side apply. When the CRDs are
# already there (kubectl apply -f crds/, or a Helm 3 install), that apply must
# not conflict with the field manager that owns them. It does not as long as the
# files equal what the API server stores; fields the API server drops (zero
# values it omits) make the atomic .spec.versions differ and conflict.
check_crds_ssa_clean() {
  local crds="$E2E_CHART/crds" f dropped=""
  e2e_run e2e_kubectl apply --server-side --field-manager=presign-e2e-check --dry-run=server -f "$crds" && return 0
  local why
  why=$(grep -m1 'conflict' <<<"$E2E_OUT" | cut -c1-200)
  # Name what the file has and the stored object lacks.
  for f in "$crds"/*; do
    local name
    name=$(e2e_kubectl create --dry-run=client -o jsonpath='{.metadata.name}' -f "$f" 2>/dev/null) || continue
    diff <(e2e_kubectl create --dry-run=client -o json -f "$f" | jq -S '.spec.versions') \
      <(e2e_kubectl get crd "$name" -o json | jq -S '.spec.versions') >"$E2E_WORK/crd-$name.diff"
    cat "$E2E_WORK/crd-$name.diff"
    dropped+=$(sed -n 's/^< *//p' "$E2E_WORK/crd-$name.diff" | sed 's/,$//')$'\n'
  done
  dropped=$(sed '/^$/d' <<<"$dropped" | sort | uniq -c | sort -rn | head -n 3 |
    sed 's/^ *\([0-9]*\) \(.*\)/\2 (\1 times)/' | paste -sd ';' | sed 's/;/; /g')
  [[ -z "$why" ]] && why=$(e2e_out_tail)
  [[ -n "$dropped" ]] && why+="; the chart CRDs carry what the API server drops: $dropped"
  e2e_fail "$why"
}

check_helm_install() {
  e2e_run e2e_helm install "$E2E_RELEASE" "$E2E_CHART" -n "$E2E_RELEASE_NS" --create-namespace --timeout 2m ||
    { e2e_fail "$(grep -m1 'Error' <<<"$E2E_OUT" | cut -c1-300)"; return; }
  e2e_run e2e_helm status "$E2E_RELEASE" -n "$E2E_RELEASE_NS" -o json || { e2e_fail "helm status: $(e2e_out_tail)"; return; }
  [[ "$(jq -r '.info.status' <<<"$E2E_OUT")" == deployed ]] || e2e_fail "release status is $(jq -r '.info.status' <<<"$E2E_OUT")"
}

check_release_objects() {
  local want got missing
  [[ -s "${E2E_RENDERED:-}" ]] || { e2e_fail "no helm template output to compare with"; return; }
  # kind/name of every rendered object, as kubectl names them.
  want=$(e2e_kubectl create --dry-run=client -f "$E2E_RENDERED" -o name | sort)
  e2e_run e2e_kubectl get -f "$E2E_RENDERED" -o name || { e2e_fail "kubectl get: $(e2e_out_tail)"; return; }
  got=$(sort <<<"$E2E_OUT")
  missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))
  [[ -z "$missing" ]] || { e2e_fail "missing: $(e2e_squash <<<"$missing")"; return; }
  echo "all $(wc -l <<<"$want") rendered objects exist"
  # The release owns them (what `helm uninstall` would remove).
  e2e_run e2e_helm get manifest "$E2E_RELEASE" -n "$E2E_RELEASE_NS" || { e2e_fail "helm get manifest: $(e2e_out_tail)"; return; }
  [[ "$(grep -c '^kind:' <<<"$E2E_OUT")" == "$(wc -l <<<"$want")" ]] ||
    e2e_fail "helm get manifest has $(grep -c '^kind:' <<<"$E2E_OUT") objects, helm template $(wc -l <<<"$want")"
}
