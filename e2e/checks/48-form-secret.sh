# shellcheck shell=bash
# Phase "formsecret": UploadClass formDelivery: Secret on a real API server
# (issue 13 item 9). A signed form is a bearer credential until it expires; in
# the default Status mode everyone who may get uploadrequests reads it from
# the status, in Secret mode only those who may get its Secret. Callers, in
# their own namespace team-s:
#   team-s/app     the uploader Role (create, get uploadrequests), calling the HTTP API
#   team-s/viewer  get, list uploadrequests and nothing else (what the view role gives)
# The operator runs as the chart's ServiceAccount; the chart grants it no
# Secrets (rbac.formSecrets is off), so its Secret writes in team-s are
# authorized by examples/form-secrets-role.yaml and nothing else.

e2e_register_phase formsecret

E2E_FS_NS=team-s
E2E_FS_CLASS=e2e-form-secret

e2e_phase_formsecret() {
  e2e_step "the operator is running (from an earlier phase, or started now)" e2e_operator_up || return
  e2e_step "namespace $E2E_FS_NS: app (uploader Role) and viewer (get, list uploadrequests); UploadClass $E2E_FS_CLASS with formDelivery: Secret, Ready" e2e_fs_setup || return
  E2E_OPERATOR_LOG_CHECKED=$(wc -l <"$E2E_OPERATOR_LOG")
  e2e_check "kubectl auth can-i: viewer may get uploadrequests but not secrets" check_fs_can_i
  e2e_check "Status mode (class $E2E_CLASS): viewer's kubectl get -o json shows the signed form" check_fs_status_mode
  e2e_check "Secret mode: POST /api/v1/uploads/ answers 201 with the form and form_secret_name, and the form uploads to S3Proxy" check_fs_http_create
  e2e_check "Secret mode: viewer's kubectl get -o json has status.formSecretName and no form (no presignedPost, policy, x-amz-signature, signature value)" check_fs_viewer_kubectl
  e2e_check "Secret mode: viewer's kubectl get secret is Forbidden; the Secret holds the caller's form and is owned by the UploadRequest" check_fs_secret
  e2e_check "Secret mode: viewer's GET /api/v1/uploads/{id} answers 200 without the form; app's has it" check_fs_viewer_http
  e2e_check "Secret mode: after /complete the upload is Uploaded and its Secret is deleted" check_fs_complete
  e2e_check "the operator's log has no Forbidden and no ERROR line (formsecret phase)" check_operator_log
}

# kubectl as team-s/viewer (a kubeconfig with its bound token).
e2e_fs_viewer() { "$E2E_KUBECTL" --kubeconfig "$E2E_FS_KUBECONFIG" --request-timeout=30s "$@"; }

e2e_fs_setup() {
  local manifest class
  manifest="$(e2e_uploader_manifest "$E2E_FS_NS")
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: viewer, namespace: $E2E_FS_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: request-viewer, namespace: $E2E_FS_NS}
rules:
  - apiGroups: [uploads.presign.dev]
    resources: [uploadrequests]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer-request-viewer, namespace: $E2E_FS_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: request-viewer}
subjects: [{kind: ServiceAccount, name: viewer, namespace: $E2E_FS_NS}]
"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  # The chart grants no Secrets by default (rbac.formSecrets: false): the namespace opts in with
  # the example Role, bound to the operator's ServiceAccount as installed here.
  e2e_fs_form_secrets_role || return
  class=$(e2e_kubectl patch --local -f "$E2E_EXAMPLES/upload-class.yaml" --type merge -o yaml \
    -p "{\"metadata\":{\"name\":\"$E2E_FS_CLASS\",\"annotations\":null},\"spec\":{\"endpoint\":\"$E2E_S3_ENDPOINT\",\"formDelivery\":\"Secret\"}}") ||
    { e2e_fail "cannot patch examples/upload-class.yaml"; return; }
  e2e_run e2e_kubectl apply -f - <<<"$class" || { e2e_fail "UploadClass: $(e2e_out_tail)"; return; }
  e2e_run e2e_kubectl wait --for=condition=Ready "uploadclass/$E2E_FS_CLASS" --timeout=60s ||
    { e2e_fail "UploadClass $E2E_FS_CLASS not Ready: $(e2e_out_tail)"; return; }
  E2E_FS_KUBECONFIG="$E2E_WORK/viewer.kubeconfig"
  e2e_cp_token_kubeconfig "$E2E_FS_NS" viewer "$E2E_FS_KUBECONFIG" 1h || return
  E2E_TOKEN_FS_APP=$(e2e_app_token "$E2E_FS_NS" app) || { e2e_fail "kubectl create token app failed"; return; }
  E2E_TOKEN_FS_VIEWER=$(e2e_app_token "$E2E_FS_NS" viewer) || { e2e_fail "kubectl create token viewer failed"; return; }
}

e2e_fs_form_secrets_role() {
  local role
  # The example names the chart's default ServiceAccount; bind the one installed here.
  role=$(sed -e "s/^    name: presign-operator\$/    name: $E2E_OPERATOR_SA/" \
    -e "s/^    namespace: presign-system\$/    namespace: $E2E_RELEASE_NS/" "$E2E_EXAMPLES/form-secrets-role.yaml")
  grep -q "^    name: $E2E_OPERATOR_SA\$" <<<"$role" ||
    { e2e_fail "examples/form-secrets-role.yaml no longer names the subject as this check expects"; return; }
  e2e_run e2e_kubectl apply -n "$E2E_FS_NS" -f - <<<"$role" ||
    { e2e_fail "examples/form-secrets-role.yaml: $(e2e_out_tail)"; return; }
  e2e_run e2e_kubectl auth can-i create secrets -n "$E2E_FS_NS" --as "system:serviceaccount:$E2E_RELEASE_NS:$E2E_OPERATOR_SA" ||
    { e2e_fail "the operator may not create Secrets in $E2E_FS_NS after applying the example"; return; }
  e2e_run e2e_kubectl auth can-i create secrets -n default --as "system:serviceaccount:$E2E_RELEASE_NS:$E2E_OPERATOR_SA" &&
    { e2e_fail "the operator may create Secrets in default: the chart grants more than it should"; return; }
  return 0
}

check_fs_can_i() {
  e2e_run e2e_fs_viewer auth can-i get uploadrequests.uploads.presign.dev -n "$E2E_FS_NS" ||
    { e2e_fail "viewer may not get uploadrequests: $(e2e_out_tail)"; return; }
  if e2e_run e2e_fs_viewer auth can-i get secrets -n "$E2E_FS_NS"; then
    e2e_fail "viewer may get secrets: the check would prove nothing"
  fi
}

# The contrast: in the default mode, get on uploadrequests is enough to read a form.
check_fs_status_mode() {
  e2e_api POST /api/v1/uploads/ "$E2E_TOKEN_FS_APP" '{"original_file_name": "status-mode.txt", "file_size": 4}' ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  local name signature
  name=$(jq -r '.name' <<<"$E2E_HTTP_BODY")
  e2e_run e2e_fs_viewer get upreq "$name" -n "$E2E_FS_NS" -o json || { e2e_fail "viewer: $(e2e_out_tail)"; return; }
  signature=$(jq -r '.status.presignedPost.fields["x-amz-signature"] // empty' <<<"$E2E_OUT")
  [[ -n "$signature" ]] || e2e_fail "viewer sees no form in Status mode: the contrast is missing"
}

check_fs_http_create() {
  local file="$E2E_WORK/form-secret.bin"
  e2e_make_file "$file" 1234 || { e2e_fail "cannot make the file"; return; }
  e2e_api POST /api/v1/uploads/ "$E2E_TOKEN_FS_APP" \
    "{\"original_file_name\": \"form-secret.bin\", \"file_size\": 1234, \"upload_class\": \"$E2E_FS_CLASS\"}" ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  E2E_FS_ANSWER=$E2E_HTTP_BODY
  E2E_FS_ID=$(jq -r '.id' <<<"$E2E_FS_ANSWER")
  E2E_FS_NAME=$(jq -r '.name' <<<"$E2E_FS_ANSWER")
  E2E_FS_SIGNATURE=$(jq -r '.presigned_post_data.fields["x-amz-signature"] // empty' <<<"$E2E_FS_ANSWER")
  [[ -n "$E2E_FS_SIGNATURE" ]] || { e2e_fail "no form in the 201"; return; }
  [[ "$(jq -r '.form_secret_name' <<<"$E2E_FS_ANSWER")" == "presign-form-$E2E_FS_ID" ]] ||
    { e2e_fail "form_secret_name is $(jq -r '.form_secret_name' <<<"$E2E_FS_ANSWER")"; return; }
  e2e_form_upload "$E2E_FS_ANSWER" .presigned_post_data "$file"
}

e2e_fs_need_upload() {
  [[ -n "${E2E_FS_NAME:-}" && -n "${E2E_FS_SIGNATURE:-}" ]] || e2e_fail "no Secret-mode upload was created"
}

check_fs_viewer_kubectl() {
  e2e_fs_need_upload || return
  e2e_run e2e_fs_viewer get upreq "$E2E_FS_NAME" -n "$E2E_FS_NS" -o json || { e2e_fail "viewer: $(e2e_out_tail)"; return; }
  local status
  status=$(jq -c '.status' <<<"$E2E_OUT")
  [[ "$(jq -r '.formSecretName // empty' <<<"$status")" == "presign-form-$E2E_FS_ID" ]] ||
    { e2e_fail "status.formSecretName is '$(jq -r '.formSecretName // empty' <<<"$status")'"; return; }
  local word
  for word in presignedPost presignedPut '"policy"' x-amz-signature "$E2E_FS_SIGNATURE"; do
    if grep -qF -- "$word" <<<"$E2E_OUT"; then
      e2e_fail "the viewer's kubectl get shows ${word:0:20}"
      return
    fi
  done
}

check_fs_secret() {
  e2e_fs_need_upload || return
  local secret="presign-form-$E2E_FS_ID" stored owner
  if e2e_run e2e_fs_viewer get secret "$secret" -n "$E2E_FS_NS" -o name; then
    e2e_fail "viewer could read the Secret"
    return
  fi
  grep -q Forbidden <<<"$E2E_OUT" || { e2e_fail "not Forbidden: $(e2e_out_tail)"; return; }
  stored=$(e2e_kubectl get secret "$secret" -n "$E2E_FS_NS" -o jsonpath='{.data.presignedPost}' | base64 -d |
    jq -r '.fields["x-amz-signature"]') || { e2e_fail "cannot read the Secret as admin"; return; }
  [[ "$stored" == "$E2E_FS_SIGNATURE" ]] || { e2e_fail "the Secret holds another form"; return; }
  owner=$(e2e_kubectl get secret "$secret" -n "$E2E_FS_NS" -o jsonpath='{.metadata.ownerReferences[0].uid}')
  [[ "$owner" == "$E2E_FS_ID" ]] || e2e_fail "the Secret's owner is '$owner', not the UploadRequest"
}

check_fs_viewer_http() {
  e2e_fs_need_upload || return
  e2e_api GET "/api/v1/uploads/$E2E_FS_ID" "$E2E_TOKEN_FS_VIEWER" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  if grep -qF -- "$E2E_FS_SIGNATURE" <<<"$E2E_HTTP_BODY" || jq -e 'has("presigned_post_data")' <<<"$E2E_HTTP_BODY" >/dev/null; then
    e2e_fail "the viewer got the form through the HTTP API"
    return
  fi
  e2e_api GET "/api/v1/uploads/$E2E_FS_ID" "$E2E_TOKEN_FS_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  [[ "$(jq -r '.presigned_post_data.fields["x-amz-signature"] // empty' <<<"$E2E_HTTP_BODY")" == "$E2E_FS_SIGNATURE" ]] ||
    e2e_fail "the creator did not get its form back by id"
}

check_fs_complete() {
  e2e_fs_need_upload || return
  e2e_api POST "/api/v1/uploads/$E2E_FS_ID/complete" "$E2E_TOKEN_FS_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  [[ "$(jq -r '.status' <<<"$E2E_HTTP_BODY")" == Uploaded ]] || { e2e_fail "status $(jq -r '.status' <<<"$E2E_HTTP_BODY")"; return; }
  if e2e_run e2e_kubectl get secret "presign-form-$E2E_FS_ID" -n "$E2E_FS_NS" -o name; then
    e2e_fail "the Secret is still there"
    return
  fi
  grep -q NotFound <<<"$E2E_OUT" || e2e_fail "not NotFound: $(e2e_out_tail)"
}
