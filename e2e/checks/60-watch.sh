# shellcheck shell=bash
# Phase "watch": the operator as the chart runs it with `watchNamespaces` set
# to one app namespace (PRESIGN_WATCH_NAMESPACES). The release is upgraded with
# `helm upgrade --reuse-values --set watchNamespaces={team-w}`; the operator of
# earlier phases (it watches all namespaces and would confirm the upload
# itself) is stopped, and one is started with the env and ServiceAccount (so
# the RBAC) of the upgraded release. An UploadRequest applied with kubectl in
# team-w is issued, uploaded with curl through its signed form, and must turn
# Uploaded by the operator's own HeadObject, with no /complete, within
# E2E_WATCH_WAIT seconds. One applied in team-x (not watched) must be left
# alone.
#
# The defect this guards against: the UploadClass informer followed the
# watched namespaces, found no (cluster-scoped) class, and the reconciler never
# confirmed an upload ("UploadClass ... is gone; cannot check the upload yet").
#
# With watchNamespaces the chart grants the operator UploadRequests, their
# status and Events by a Role in each watched namespace (and Events in
# "default", for UploadClasses) instead of its ClusterRole, and Namespaces only
# by name: `kubectl auth can-i --as` its ServiceAccount shows it may work in
# team-w and not in team-x or across all namespaces, while the upload above
# shows that this is enough. The namespaces are created before the upgrade (a
# Role needs its namespace).
#
# At the end the operator is stopped and the release rolled back to the
# revision before the upgrade; a later phase starts the operator again.

e2e_register_phase watch

E2E_WATCH_NS=team-w
E2E_UNWATCHED_NS=team-x
E2E_WATCH_WAIT=60

e2e_phase_watch() {
  local failed_before=${E2E_OPERATOR_FAILED:-}
  E2E_WATCH_REVISION=""
  e2e_step "the release installed; namespaces $E2E_WATCH_NS and $E2E_UNWATCHED_NS exist; the operator of earlier phases stopped (it watches all namespaces)" e2e_watch_prepare || return
  e2e_check "helm upgrade --reuse-values --set watchNamespaces={$E2E_WATCH_NS} renders PRESIGN_WATCH_NAMESPACES=$E2E_WATCH_NS into the Deployment" \
    check_watch_upgrade
  if [[ -n "$E2E_WATCH_REVISION" ]] &&
    e2e_step "the operator running with the upgraded release's env and ServiceAccount" e2e_watch_operator_up &&
    e2e_step "examples/upload-request.yaml applied in $E2E_UNWATCHED_NS (not watched)" \
      e2e_watch_unwatched_apply; then
    e2e_check "the operator's ServiceAccount may handle uploadrequests, their status and Events in $E2E_WATCH_NS only (Roles, not the ClusterRole)" \
      check_watch_rbac_namespaced
    e2e_check "it keeps cluster-wide only uploadclasses, tokenreviews, subjectaccessreviews, and namespaces get for $E2E_WATCH_NS" \
      check_watch_rbac_cluster
    e2e_check "examples/upload-request.yaml applied in $E2E_WATCH_NS reaches Issued with a signed form" check_watch_issued
    e2e_check "a curl upload with its signed form fields is accepted by S3Proxy" check_watch_upload
    e2e_check "it reaches Uploaded within $E2E_WATCH_WAIT s by the operator's own HeadObject (no /complete)" check_watch_uploaded
    e2e_check "the UploadRequest in $E2E_UNWATCHED_NS (not watched) is left alone: no phase" check_watch_unwatched_untouched
    e2e_check "the operator's log has no \"is gone; cannot check the upload yet\" line" check_watch_log_class_gone
    e2e_check "the operator's log has no Forbidden and no ERROR line (watchNamespaces)" check_operator_log
  fi
  e2e_step "the watchNamespaces operator stopped and the release rolled back" e2e_watch_restore
  # A failed start of this operator says nothing about the chart's default one.
  E2E_OPERATOR_FAILED=$failed_before
}

e2e_watch_prepare() {
  e2e_need_tool jq || return
  e2e_require_release || return
  if ! e2e_ensure_namespace "$E2E_WATCH_NS" || ! e2e_ensure_namespace "$E2E_UNWATCHED_NS"; then
    e2e_fail "cannot create the namespaces"
    return
  fi
  e2e_operator_stop
}

e2e_release_revision() {
  e2e_helm status "$E2E_RELEASE" -n "$E2E_RELEASE_NS" -o json | jq -r .version
}

# The env value NAME of the release's Deployment.
e2e_release_env() {
  e2e_release_objects_json |
    jq -r --arg n "$1" '.items[] | select(.kind == "Deployment") | .spec.template.spec.containers[0].env[] | select(.name == $n) | .value // ""'
}

check_watch_upgrade() {
  local before rbac_before rbac_after value
  before=$(e2e_release_revision) || { e2e_fail "helm status failed"; return; }
  rbac_before=$(e2e_watch_rbac)
  e2e_run e2e_helm upgrade "$E2E_RELEASE" "$E2E_CHART" -n "$E2E_RELEASE_NS" --reuse-values \
    --set "watchNamespaces={$E2E_WATCH_NS}" --timeout 2m || { e2e_fail "helm upgrade: $(e2e_out_tail)"; return; }
  # From here on the phase's end rolls the release back.
  E2E_WATCH_REVISION=$before
  value=$(e2e_release_env PRESIGN_WATCH_NAMESPACES)
  [[ "$value" == "$E2E_WATCH_NS" ]] || { e2e_fail "PRESIGN_WATCH_NAMESPACES is '$value'"; return; }
  # The upgrade moves the operator's UploadRequest and Event rights from the ClusterRole into
  # Roles in the watched namespace; the log shows how (check_watch_rbac_* check the outcome).
  rbac_after=$(e2e_watch_rbac)
  if [[ "$rbac_before" == "$rbac_after" ]]; then
    echo "the chart renders the same RBAC with watchNamespaces set"
  else
    echo "the chart renders other RBAC with watchNamespaces set:"
    diff <(echo "$rbac_before") <(echo "$rbac_after") || true
  fi
}

# The release's RBAC objects as they exist now, as sorted JSON lines.
e2e_watch_rbac() {
  e2e_release_objects_json |
    jq -c '.items[] | select(.apiVersion | startswith("rbac.")) | {kind, name: .metadata.name, namespace: .metadata.namespace, rules, roleRef, subjects}' |
    sort
}

e2e_watch_operator_up() {
  E2E_OPERATOR_FAILED=""
  e2e_operator_up || return
  printf '%s\n' "${E2E_OPERATOR_ENV[@]}" | grep -qx "PRESIGN_WATCH_NAMESPACES=$E2E_WATCH_NS" ||
    e2e_fail "the operator's env has no PRESIGN_WATCH_NAMESPACES=$E2E_WATCH_NS"
}

e2e_watch_unwatched_apply() {
  e2e_run e2e_kubectl apply -n "$E2E_UNWATCHED_NS" -f "$E2E_EXAMPLES/upload-request.yaml" -o name ||
    { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_UNWATCHED_UR=${E2E_OUT##*/}
}

# e2e_watch_can yes|no VERB RESOURCE [ARGS...]: what `kubectl auth can-i` answers for the
# operator's ServiceAccount; the mismatches are collected in E2E_WATCH_WRONG.
e2e_watch_can() {
  local want=$1 got
  shift
  got=$(e2e_kubectl auth can-i "$@" --as "system:serviceaccount:$E2E_RELEASE_NS:${E2E_OPERATOR_SA:-presign-operator}")
  echo "can-i $*: $got"
  [[ "$got" == "$want" ]] || E2E_WATCH_WRONG+="; $* ($got, not $want)"
}

check_watch_rbac_namespaced() {
  local ur=uploadrequests.uploads.presign.dev verb
  E2E_WATCH_WRONG=""
  for verb in get list watch create delete patch; do
    e2e_watch_can yes "$verb" "$ur" -n "$E2E_WATCH_NS"
    e2e_watch_can no "$verb" "$ur" -n "$E2E_UNWATCHED_NS"
    e2e_watch_can no "$verb" "$ur" -A
  done
  for verb in patch update; do
    e2e_watch_can yes "$verb" "$ur" --subresource=status -n "$E2E_WATCH_NS"
    e2e_watch_can no "$verb" "$ur" --subresource=status -n "$E2E_UNWATCHED_NS"
  done
  e2e_watch_can yes create events -n "$E2E_WATCH_NS"
  # UploadClass Events: cluster-scoped objects' Events go to "default".
  e2e_watch_can yes create events -n default
  e2e_watch_can no create events -n "$E2E_UNWATCHED_NS"
  [[ -z "$E2E_WATCH_WRONG" ]] || e2e_fail "wrong answers${E2E_WATCH_WRONG}"
}

check_watch_rbac_cluster() {
  E2E_WATCH_WRONG=""
  e2e_watch_can yes list uploadclasses.uploads.presign.dev
  e2e_watch_can yes patch uploadclasses.uploads.presign.dev --subresource=status
  e2e_watch_can yes create tokenreviews.authentication.k8s.io
  e2e_watch_can yes create subjectaccessreviews.authorization.k8s.io
  e2e_watch_can yes get "namespace/$E2E_WATCH_NS"
  e2e_watch_can no get "namespace/$E2E_UNWATCHED_NS"
  e2e_watch_can no list namespaces
  [[ -z "$E2E_WATCH_WRONG" ]] || e2e_fail "wrong answers${E2E_WATCH_WRONG}"
}

check_watch_issued() {
  local name
  E2E_WATCH_UR_JSON=""
  e2e_run e2e_kubectl apply -n "$E2E_WATCH_NS" -f "$E2E_EXAMPLES/upload-request.yaml" -o name ||
    { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_WATCH_UR=${E2E_OUT##*/}
  if ! e2e_run e2e_kubectl wait -n "$E2E_WATCH_NS" --for=jsonpath='{.status.phase}'=Issued --timeout=60s \
    "uploadrequest/$E2E_WATCH_UR"; then
    e2e_fail "not Issued after 60 s: phase '$(e2e_kubectl get upreq -n "$E2E_WATCH_NS" "$E2E_WATCH_UR" -o jsonpath='{.status.phase} {.status.conditions[0].message}' | cut -c1-200)'"
    return
  fi
  name=$E2E_WATCH_UR
  E2E_WATCH_UR_JSON=$(e2e_kubectl get upreq -n "$E2E_WATCH_NS" "$name" -o json) || { e2e_fail "cannot read it"; return; }
  [[ -n "$(jq -r '.status.presignedPost.url // empty' <<<"$E2E_WATCH_UR_JSON")" ]] || e2e_fail "no status.presignedPost.url"
}

check_watch_upload() {
  [[ -n "${E2E_WATCH_UR_JSON:-}" ]] || { e2e_fail "no issued UploadRequest"; return; }
  E2E_WATCH_FILE="$E2E_WORK/watch-upload.bin"
  e2e_make_file "$E2E_WATCH_FILE" "$(jq -r '.spec.fileSize' <<<"$E2E_WATCH_UR_JSON")" || { e2e_fail "cannot make the file"; return; }
  e2e_form_upload "$E2E_WATCH_UR_JSON" .status.presignedPost "$E2E_WATCH_FILE" || return
  E2E_WATCH_UPLOADED_AT=$SECONDS
}

check_watch_uploaded() {
  [[ -n "${E2E_WATCH_UPLOADED_AT:-}" ]] || { e2e_fail "nothing was uploaded"; return; }
  local json gone
  if ! e2e_run e2e_kubectl wait -n "$E2E_WATCH_NS" --for=jsonpath='{.status.phase}'=Uploaded \
    --timeout="${E2E_WATCH_WAIT}s" "uploadrequest/$E2E_WATCH_UR"; then
    gone=$(grep -c 'cannot check the upload yet' "$E2E_OPERATOR_LOG")
    e2e_fail "still '$(e2e_kubectl get upreq -n "$E2E_WATCH_NS" "$E2E_WATCH_UR" -o jsonpath='{.status.phase}')' $E2E_WATCH_WAIT s after the upload ($gone \"cannot check the upload yet\" line(s) in the log)"
    return
  fi
  echo "Uploaded $((SECONDS - E2E_WATCH_UPLOADED_AT)) s after the upload"
  json=$(e2e_kubectl get upreq -n "$E2E_WATCH_NS" "$E2E_WATCH_UR" -o json) || { e2e_fail "cannot read it"; return; }
  [[ "$(jq -r '.status.object.size' <<<"$json")" == "$(stat -c %s "$E2E_WATCH_FILE")" ]] ||
    e2e_fail "status.object.size is $(jq -r '.status.object.size' <<<"$json")"
}

check_watch_unwatched_untouched() {
  [[ -n "${E2E_UNWATCHED_UR:-}" ]] || { e2e_fail "no UploadRequest in $E2E_UNWATCHED_NS"; return; }
  local phase
  phase=$(e2e_kubectl get upreq -n "$E2E_UNWATCHED_NS" "$E2E_UNWATCHED_UR" -o jsonpath='{.status.phase}' 2>&1) ||
    { e2e_fail "kubectl get: $phase"; return; }
  [[ -z "$phase" ]] || e2e_fail "its phase is $phase"
}

check_watch_log_class_gone() {
  [[ -f "${E2E_OPERATOR_LOG:-}" ]] || { e2e_fail "no operator log"; return; }
  local lines
  lines=$(grep -F 'is gone; cannot check the upload yet' "$E2E_OPERATOR_LOG")
  [[ -z "$lines" ]] || e2e_fail "$(wc -l <<<"$lines") line(s), first: $(head -n 1 <<<"$lines" | cut -c1-250)"
}

e2e_watch_restore() {
  e2e_operator_stop
  [[ -n "${E2E_WATCH_REVISION:-}" ]] || return 0
  e2e_run e2e_helm rollback "$E2E_RELEASE" "$E2E_WATCH_REVISION" -n "$E2E_RELEASE_NS" ||
    { e2e_fail "helm rollback: $(e2e_out_tail)"; return; }
  local value
  value=$(e2e_release_env PRESIGN_WATCH_NAMESPACES)
  [[ -z "$value" ]] || { e2e_fail "after the rollback PRESIGN_WATCH_NAMESPACES is still '$value'"; return; }
  # Later phases need the operator's cluster-wide rights back.
  E2E_WATCH_WRONG=""
  e2e_watch_can yes list uploadrequests.uploads.presign.dev -A
  [[ -z "$E2E_WATCH_WRONG" ]] || e2e_fail "after the rollback${E2E_WATCH_WRONG}"
}
