# shellcheck shell=bash
# Phase "createdby": who created an UploadRequest. The HTTP API records each
# request with the annotation uploads.presign.dev/created-by: <caller>, shown
# as created_by and copied into status.createdBy. The chart's
# ValidatingAdmissionPolicy (createdByProtection.enabled, on by default) lets
# only the operator's ServiceAccount set that annotation or change it (or
# status.createdBy); this phase shows the real API server enforcing it after
# `helm install`. Callers, in their own namespace team-c:
#   team-c/tenant  Role: create, get, update, patch uploadrequests and
#                  uploadrequests/status (what a namespace admin may have)
#   team-c/app     the uploader Role (create, get), calling the HTTP API
# A new policy takes a moment to reach the API server's admission plugin, so
# the first check polls (bounded) with server-side dry runs until it bites.

e2e_register_phase createdby

E2E_CB_NS=team-c
E2E_CB_ANNOTATION=uploads.presign.dev/created-by
E2E_CB_FORGED=someone-else
# Seconds the policy gets to take effect after the release installed it.
E2E_CB_POLICY_WAIT=60

e2e_phase_createdby() {
  e2e_step "the operator is running (from an earlier phase, or started now); the release brings the policy" e2e_operator_up || return
  e2e_step "namespace $E2E_CB_NS: ServiceAccount tenant (create, get, update, patch uploadrequests and their status) and app (uploader Role)" e2e_cb_callers || return
  E2E_OPERATOR_LOG_CHECKED=$(wc -l <"$E2E_OPERATOR_LOG")
  e2e_check "the release has the ValidatingAdmissionPolicy and its binding, and the policy takes effect within $E2E_CB_POLICY_WAIT s (a server-side dry run of a forged create is refused)" check_cb_policy_in_force
  e2e_check "tenant: a create carrying $E2E_CB_ANNOTATION: $E2E_CB_FORGED is refused by the API server with the policy's message; nothing is created" check_cb_forged_create
  e2e_check "cluster-admin (system:masters) too: a create carrying the annotation is refused" check_cb_admin_create
  e2e_check "tenant: a create without the annotation is admitted" check_cb_plain_create
  e2e_check "tenant: adding the annotation to its UploadRequest is refused; another annotation is admitted" check_cb_add_annotation
  e2e_check "POST /api/v1/uploads/ still answers 201 with created_by = the caller, and the UploadRequest carries it (the operator's ServiceAccount may set it)" check_cb_http_create
  e2e_check "tenant: changing or removing the annotation the HTTP API wrote is refused, and it stays" check_cb_change_annotation
  e2e_check "tenant: writing status.createdBy through /status is refused, other status fields are not (server-side dry run); created_by stays the caller" check_cb_status
  e2e_check "tenant: an annotation sent through /status is not stored (no side door)" check_cb_status_metadata
  e2e_check "the operator's log has no Forbidden and no ERROR line (createdby phase)" check_operator_log
}

# kubectl as team-c/tenant (a kubeconfig with its bound token).
e2e_cb_tenant() { "$E2E_KUBECTL" --kubeconfig "$E2E_CB_KUBECONFIG" --request-timeout=30s "$@"; }

e2e_cb_callers() {
  local manifest
  manifest="$(e2e_uploader_manifest "$E2E_CB_NS")
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: tenant, namespace: $E2E_CB_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: request-editor, namespace: $E2E_CB_NS}
rules:
  - apiGroups: [uploads.presign.dev]
    resources: [uploadrequests, uploadrequests/status]
    verbs: [create, get, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: tenant-request-editor, namespace: $E2E_CB_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: request-editor}
subjects: [{kind: ServiceAccount, name: tenant, namespace: $E2E_CB_NS}]
"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_CB_KUBECONFIG="$E2E_WORK/tenant.kubeconfig"
  e2e_cp_token_kubeconfig "$E2E_CB_NS" tenant "$E2E_CB_KUBECONFIG" 1h || return
  E2E_TOKEN_CB_APP=$(e2e_app_token "$E2E_CB_NS" app) || { e2e_fail "kubectl create token app failed"; return; }
  # The username the API server gives the operator (it runs with the chart's ServiceAccount).
  E2E_CB_OPERATOR_USER="system:serviceaccount:$E2E_RELEASE_NS:$E2E_OPERATOR_SA"
}

# An UploadRequest named $1, annotated created-by: $2 unless $2 is empty.
e2e_cb_manifest() {
  local annotations=""
  [[ -n "${2:-}" ]] && annotations="
  annotations:
    $E2E_CB_ANNOTATION: $2"
  printf '%s\n' "apiVersion: uploads.presign.dev/v1alpha1
kind: UploadRequest
metadata:
  name: $1$annotations
spec: {originalFileName: $1.txt, fileSize: 5}"
}

# The annotation of UploadRequest $1 in team-c, or <none>.
e2e_cb_annotation() {
  e2e_kubectl get upreq "$1" -n "$E2E_CB_NS" -o json | jq -r --arg k "$E2E_CB_ANNOTATION" '.metadata.annotations[$k] // "<none>"'
}

# e2e_cb_refused WHAT PHRASE: E2E_OUT (of a command that failed) is the
# policy's refusal: it names the policy, the annotation (or field) and the
# operator's ServiceAccount, and contains PHRASE.
e2e_cb_refused() {
  local out
  out=$(e2e_squash <<<"$E2E_OUT")
  [[ "$out" == *"ValidatingAdmissionPolicy '$E2E_CB_POLICY'"*"denied request"* ]] ||
    { e2e_fail "$1 was refused, but not by the policy: $(e2e_out_tail)"; return; }
  [[ "$out" == *"$2"* && "$out" == *"$E2E_CB_OPERATOR_USER"* ]] ||
    e2e_fail "$1: the refusal does not say '$2' and name $E2E_CB_OPERATOR_USER: $(e2e_out_tail)"
}

# Succeeds once a server-side dry run of a forged create by the tenant is
# refused by the policy (dry runs go through admission and store nothing).
e2e_cb_dry_run_refused() {
  ! e2e_run e2e_cb_tenant create --dry-run=server -n "$E2E_CB_NS" -f - <<<"$(e2e_cb_manifest cb-probe "$E2E_CB_FORGED")" &&
    [[ "$E2E_OUT" == *"ValidatingAdmissionPolicy '$E2E_CB_POLICY'"* ]]
}

check_cb_policy_in_force() {
  local objects
  objects=$(e2e_release_objects_json) || { e2e_fail "cannot read the release's objects"; return; }
  E2E_CB_POLICY=$(jq -r '[.items[] | select(.kind == "ValidatingAdmissionPolicy") | .metadata.name] | first // empty' <<<"$objects")
  [[ -n "$E2E_CB_POLICY" ]] || { e2e_fail "the release has no ValidatingAdmissionPolicy (createdByProtection.enabled off?)"; return; }
  [[ "$(jq -r --arg p "$E2E_CB_POLICY" '[.items[] | select(.kind == "ValidatingAdmissionPolicyBinding" and .spec.policyName == $p)] | length' <<<"$objects")" == 1 ]] ||
    { e2e_fail "the release has no ValidatingAdmissionPolicyBinding of $E2E_CB_POLICY"; return; }
  echo "policy $E2E_CB_POLICY; waiting up to $E2E_CB_POLICY_WAIT s for it to take effect"
  local start=$SECONDS
  e2e_wait_for "$E2E_CB_POLICY_WAIT" e2e_cb_dry_run_refused ||
    { e2e_fail "a forged create is still admitted after $E2E_CB_POLICY_WAIT s: $(e2e_out_tail)"; return; }
  echo "in force after $((SECONDS - start)) s"
}

check_cb_forged_create() {
  if e2e_run e2e_cb_tenant create -n "$E2E_CB_NS" -f - <<<"$(e2e_cb_manifest forged "$E2E_CB_FORGED")"; then
    e2e_fail "admitted: $(e2e_cb_annotation forged)"
    return
  fi
  e2e_cb_refused "the create" "may be set only by the operator's ServiceAccount" || return
  if e2e_run e2e_kubectl get upreq forged -n "$E2E_CB_NS"; then
    e2e_fail "the refused UploadRequest exists"
  fi
}

check_cb_admin_create() {
  if e2e_run e2e_kubectl create -n "$E2E_CB_NS" -f - <<<"$(e2e_cb_manifest forged-by-admin "$E2E_CB_FORGED")"; then
    e2e_fail "admitted for cluster-admin"
    return
  fi
  e2e_cb_refused "the create" "may be set only by the operator's ServiceAccount"
}

check_cb_plain_create() {
  e2e_run e2e_cb_tenant create -n "$E2E_CB_NS" -f - <<<"$(e2e_cb_manifest plain)" || { e2e_fail "refused: $(e2e_out_tail)"; return; }
  [[ "$(e2e_cb_annotation plain)" == "<none>" ]] || e2e_fail "it carries the annotation: $(e2e_cb_annotation plain)"
}

check_cb_add_annotation() {
  if e2e_run e2e_cb_tenant annotate upreq plain -n "$E2E_CB_NS" "$E2E_CB_ANNOTATION=$E2E_CB_FORGED"; then
    e2e_fail "admitted: the annotation is now $(e2e_cb_annotation plain)"
    return
  fi
  e2e_cb_refused "kubectl annotate" "may not be added, changed or removed" || return
  [[ "$(e2e_cb_annotation plain)" == "<none>" ]] || { e2e_fail "the annotation is $(e2e_cb_annotation plain)"; return; }
  # The policy guards that one annotation, not the object's metadata.
  e2e_run e2e_cb_tenant annotate upreq plain -n "$E2E_CB_NS" example.com/note=kept ||
    e2e_fail "another annotation was refused: $(e2e_out_tail)"
}

check_cb_http_create() {
  e2e_api POST /api/v1/uploads/ "$E2E_TOKEN_CB_APP" "$E2E_HTTP_BODY_JSON" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  local caller="system:serviceaccount:$E2E_CB_NS:app" created_by stored status_by
  created_by=$(jq -r '.created_by' <<<"$E2E_HTTP_BODY")
  E2E_CB_HTTP_ID=$(jq -r '.id // empty' <<<"$E2E_HTTP_BODY")
  E2E_CB_HTTP_NAME=$(jq -r '.name // empty' <<<"$E2E_HTTP_BODY")
  [[ "$created_by" == "$caller" ]] || { e2e_fail "created_by is $created_by"; return; }
  [[ -n "$E2E_CB_HTTP_NAME" ]] || { e2e_fail "no name in the answer"; return; }
  stored=$(e2e_cb_annotation "$E2E_CB_HTTP_NAME")
  [[ "$stored" == "$caller" ]] || { e2e_fail "the UploadRequest's annotation is $stored"; return; }
  status_by=$(e2e_kubectl get upreq "$E2E_CB_HTTP_NAME" -n "$E2E_CB_NS" -o jsonpath='{.status.createdBy}')
  [[ "$status_by" == "$caller" ]] || e2e_fail "status.createdBy is '$status_by'"
}

e2e_cb_need_http_upload() {
  [[ -n "${E2E_CB_HTTP_NAME:-}" ]] || e2e_fail "no upload was created through the HTTP API"
}

check_cb_change_annotation() {
  e2e_cb_need_http_upload || return
  local caller="system:serviceaccount:$E2E_CB_NS:app"
  if e2e_run e2e_cb_tenant annotate --overwrite upreq "$E2E_CB_HTTP_NAME" -n "$E2E_CB_NS" "$E2E_CB_ANNOTATION=$E2E_CB_FORGED"; then
    e2e_fail "the change was admitted: $(e2e_cb_annotation "$E2E_CB_HTTP_NAME")"
    return
  fi
  e2e_cb_refused "the change" "may not be added, changed or removed" || return
  if e2e_run e2e_cb_tenant annotate upreq "$E2E_CB_HTTP_NAME" -n "$E2E_CB_NS" "$E2E_CB_ANNOTATION-"; then
    e2e_fail "the removal was admitted: $(e2e_cb_annotation "$E2E_CB_HTTP_NAME")"
    return
  fi
  e2e_cb_refused "the removal" "may not be added, changed or removed" || return
  [[ "$(e2e_cb_annotation "$E2E_CB_HTTP_NAME")" == "$caller" ]] || e2e_fail "the annotation is $(e2e_cb_annotation "$E2E_CB_HTTP_NAME")"
}

check_cb_status() {
  e2e_cb_need_http_upload || return
  local caller="system:serviceaccount:$E2E_CB_NS:app"
  if e2e_run e2e_cb_tenant patch upreq "$E2E_CB_HTTP_NAME" -n "$E2E_CB_NS" --subresource=status --type=merge \
    -p "{\"status\":{\"createdBy\":\"$E2E_CB_FORGED\"}}"; then
    e2e_fail "admitted: status.createdBy is $(e2e_kubectl get upreq "$E2E_CB_HTTP_NAME" -n "$E2E_CB_NS" -o jsonpath='{.status.createdBy}')"
    return
  fi
  e2e_cb_refused "the status patch" "status.createdBy may be written only by" || return
  # The policy guards that one field: the tenant keeps its other status writes.
  e2e_run e2e_cb_tenant patch upreq "$E2E_CB_HTTP_NAME" -n "$E2E_CB_NS" --subresource=status --type=merge \
    --dry-run=server -p '{"status":{"uploadTo":"elsewhere"}}' ||
    { e2e_fail "a status patch of another field was refused: $(e2e_out_tail)"; return; }
  e2e_api GET "/api/v1/uploads/$E2E_CB_HTTP_ID" "$E2E_TOKEN_CB_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  [[ "$(jq -r .created_by <<<"$E2E_HTTP_BODY")" == "$caller" ]] || e2e_fail "created_by is now $(jq -r .created_by <<<"$E2E_HTTP_BODY")"
}

# The API server keeps only .status from a write to /status, so the annotation
# cannot be slipped in that way whatever the policy says; shown, not assumed.
# On a request of its own, so that no earlier check's outcome counts here.
check_cb_status_metadata() {
  e2e_run e2e_cb_tenant create -n "$E2E_CB_NS" -f - <<<"$(e2e_cb_manifest side-door)" || { e2e_fail "create refused: $(e2e_out_tail)"; return; }
  if e2e_run e2e_cb_tenant patch upreq side-door -n "$E2E_CB_NS" --subresource=status --type=merge \
    -p "{\"metadata\":{\"annotations\":{\"$E2E_CB_ANNOTATION\":\"$E2E_CB_FORGED\"}}}"; then
    echo "the /status patch was accepted; its metadata must have been dropped"
  else
    echo "the /status patch was refused: $(e2e_out_tail)"
  fi
  [[ "$(e2e_cb_annotation side-door)" == "<none>" ]] || e2e_fail "the annotation is $(e2e_cb_annotation side-door)"
}
