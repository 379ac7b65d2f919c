# shellcheck shell=bash
# Phase "http": the operator's HTTP API with real ServiceAccount tokens, real
# TokenReviews and SubjectAccessReviews, against the operator of the operator
# phase (started here if that phase did not run). Callers:
#   team-a/app     Role uploader (create, get uploadrequests.uploads.presign.dev)
#   team-a/nobody  no RoleBinding
#   team-b/app     the same Role, in its own namespace
# Not tested: a token that expired on its own. The API server refuses
# TokenRequests shorter than 10 minutes, so instead a token with a past `exp` is
# minted with the API server's own signing key (and a fresh one minted the same
# way is shown to work first).

e2e_register_phase http

E2E_OTHER_NS=team-b
E2E_HTTP_BODY_JSON='{"original_file_name": "lorem-ipsum.pdf", "file_size": "77000"}'

e2e_phase_http() {
  e2e_step "the operator is running (from the operator phase, or started now)" e2e_operator_up || return
  e2e_step "ServiceAccounts app, nobody (team-a), app (team-b) with their RBAC" e2e_http_callers || return
  E2E_OPERATOR_LOG_CHECKED=$(wc -l <"$E2E_OPERATOR_LOG")
  e2e_step "a token accepted once, then its ServiceAccount deleted (checked at the end)" e2e_http_revoke_start || return
  e2e_check "app's token: POST /api/v1/uploads/ answers 201 with presigned_post_data and records an UploadRequest" check_http_create
  e2e_check "POST /complete before any upload answers 409 naming the file" check_http_complete_early
  e2e_check "the upload through presigned_post_data is accepted by S3Proxy" check_http_upload
  e2e_check "POST /api/v1/uploads/{id}/complete answers 200 Uploaded and the UploadRequest says Uploaded" check_http_complete
  e2e_check "GET /api/v1/uploads/{id}/download-url gives a URL that returns the uploaded bytes" check_http_download
  e2e_check "team-a's app may GET its upload by id (200)" check_http_get_own
  e2e_check "team-b's app may not see team-a's upload by id (404)" check_http_get_other_ns
  e2e_check "nobody's token (no RoleBinding) is refused with 403" check_http_nobody
  e2e_check "no token is refused with 401" check_http_no_token
  e2e_check "examples/app-deployment.yaml is accepted by the API server (dry run) and mounts a token for the operator's audience" check_http_example_app
  e2e_check "a token for the API server's own audience (kubectl create token without --audience) is refused with 401" check_http_apiserver_audience
  e2e_check "a token for another audience is refused with 401" check_http_other_audience
  e2e_check "a garbage JWT is refused with 401" check_http_garbage
  e2e_check "app's claims signed with another key are refused with 401" check_http_forged
  e2e_check "a token past its exp is refused with 401 (minted with the API server's key)" check_http_expired
  e2e_check "the token of a ServiceAccount deleted after it was issued is refused with 401" check_http_deleted_sa
  e2e_check "a token accepted before its ServiceAccount was deleted is refused with 401 once the auth cache expires" check_http_revoked_after_cache
  e2e_check "the operator's log has no Forbidden and no ERROR line (HTTP phase)" check_operator_log
}

e2e_http_callers() {
  local ns manifest=""
  for ns in "$E2E_APP_NS" "$E2E_OTHER_NS"; do
    manifest+="$(e2e_uploader_manifest "$ns")
"
  done
  manifest+="---
apiVersion: v1
kind: ServiceAccount
metadata: {name: nobody, namespace: $E2E_APP_NS}
"
  printf '%s' "$manifest"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  if ! E2E_TOKEN_APP=$(e2e_app_token "$E2E_APP_NS" app) ||
    ! E2E_TOKEN_OTHER=$(e2e_app_token "$E2E_OTHER_NS" app) ||
    ! E2E_TOKEN_NOBODY=$(e2e_app_token "$E2E_APP_NS" nobody); then
    e2e_fail "kubectl create token failed"
  fi
}

# A ServiceAccount without RBAC uses its token once (403: authenticated, not
# allowed; the TokenReview answer is now cached), then is deleted.
e2e_http_revoke_start() {
  e2e_run e2e_kubectl create serviceaccount leaver -n "$E2E_APP_NS" || { e2e_fail "create serviceaccount: $(e2e_out_tail)"; return; }
  E2E_TOKEN_LEAVER=$(e2e_app_token "$E2E_APP_NS" leaver) || { e2e_fail "create token"; return; }
  e2e_api POST /api/v1/uploads/ "$E2E_TOKEN_LEAVER" "$E2E_HTTP_BODY_JSON" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  E2E_LEAVER_USED=$SECONDS
  e2e_expect_status 403 || return
  e2e_run e2e_kubectl delete serviceaccount leaver -n "$E2E_APP_NS" --wait=false || e2e_fail "delete: $(e2e_out_tail)"
}

check_http_create() {
  e2e_api POST /api/v1/uploads/ "$E2E_TOKEN_APP" "$E2E_HTTP_BODY_JSON" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  E2E_HTTP_UPLOAD=$E2E_HTTP_BODY
  E2E_HTTP_ID=$(jq -r '.id // empty' <<<"$E2E_HTTP_UPLOAD")
  [[ -n "$E2E_HTTP_ID" ]] || { e2e_fail "no id"; return; }
  local f
  for f in url fields.key fields.policy '"fields"."x-amz-signature"'; do
    [[ -n "$(jq -r ".presigned_post_data.$f // empty" <<<"$E2E_HTTP_UPLOAD")" ]] || { e2e_fail "no presigned_post_data.$f"; return; }
  done
  [[ "$(jq -r .created_by <<<"$E2E_HTTP_UPLOAD")" == "system:serviceaccount:$E2E_APP_NS:app" ]] ||
    { e2e_fail "created_by is $(jq -r .created_by <<<"$E2E_HTTP_UPLOAD")"; return; }
  # The API recorded it as an UploadRequest in the caller's namespace.
  local name uid
  name=$(jq -r '.name // empty' <<<"$E2E_HTTP_UPLOAD")
  uid=$(e2e_kubectl get upreq -n "$E2E_APP_NS" "$name" -o jsonpath='{.metadata.uid}' 2>&1)
  [[ "$uid" == "$E2E_HTTP_ID" ]] || e2e_fail "no UploadRequest $E2E_APP_NS/$name with uid $E2E_HTTP_ID ($uid)"
}

e2e_need_http_upload() {
  [[ -n "${E2E_HTTP_ID:-}" ]] || e2e_fail "no upload was created"
}

check_http_complete_early() {
  e2e_need_http_upload || return
  e2e_api POST "/api/v1/uploads/$E2E_HTTP_ID/complete" "$E2E_TOKEN_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 409 || return
  [[ -n "$(jq -r '.errors.file // empty' <<<"$E2E_HTTP_BODY")" ]] || e2e_fail "no errors.file: $E2E_HTTP_BODY"
}

check_http_upload() {
  e2e_need_http_upload || return
  E2E_HTTP_FILE="$E2E_WORK/http-upload.bin"
  e2e_make_file "$E2E_HTTP_FILE" "$(jq -r .file_size <<<"$E2E_HTTP_UPLOAD")" || { e2e_fail "cannot make the file"; return; }
  e2e_form_upload "$E2E_HTTP_UPLOAD" .presigned_post_data "$E2E_HTTP_FILE"
}

check_http_complete() {
  e2e_need_http_upload || return
  e2e_api POST "/api/v1/uploads/$E2E_HTTP_ID/complete" "$E2E_TOKEN_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  [[ "$(jq -r .status <<<"$E2E_HTTP_BODY")" == Uploaded ]] || { e2e_fail "status is $(jq -r .status <<<"$E2E_HTTP_BODY")"; return; }
  [[ "$(jq -r .uploaded_size <<<"$E2E_HTTP_BODY")" == "$(stat -c %s "$E2E_HTTP_FILE")" ]] ||
    { e2e_fail "uploaded_size is $(jq -r .uploaded_size <<<"$E2E_HTTP_BODY")"; return; }
  local phase
  phase=$(e2e_kubectl get upreq -n "$E2E_APP_NS" "$(jq -r .name <<<"$E2E_HTTP_UPLOAD")" -o jsonpath='{.status.phase}')
  [[ "$phase" == Uploaded ]] || e2e_fail "the UploadRequest's phase is $phase"
}

check_http_download() {
  e2e_need_http_upload || return
  e2e_api GET "/api/v1/uploads/$E2E_HTTP_ID/download-url?expires_in=600" "$E2E_TOKEN_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  local url got="$E2E_WORK/http-download.bin" code
  url=$(jq -r '.url // empty' <<<"$E2E_HTTP_BODY")
  [[ -n "$url" ]] || { e2e_fail "no url"; return; }
  code=$(curl -sS --max-time 60 -o "$got" -w '%{http_code}' "$url" 2>&1)
  echo "GET download url: HTTP $code, $(stat -c %s "$got" 2>/dev/null) bytes"
  [[ "$code" == 200 ]] || { e2e_fail "the download URL answered HTTP $code"; return; }
  cmp -s "$got" "$E2E_HTTP_FILE" || e2e_fail "downloaded $(stat -c %s "$got") bytes that differ from the upload"
}

check_http_get_own() {
  e2e_need_http_upload || return
  e2e_api GET "/api/v1/uploads/$E2E_HTTP_ID" "$E2E_TOKEN_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  [[ "$(jq -r .id <<<"$E2E_HTTP_BODY")" == "$E2E_HTTP_ID" ]] || e2e_fail "answered another id"
}

check_http_get_other_ns() {
  e2e_need_http_upload || return
  e2e_api GET "/api/v1/uploads/$E2E_HTTP_ID" "$E2E_TOKEN_OTHER" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 404
}

# e2e_expect_create_status TOKEN CODE
e2e_expect_create_status() {
  e2e_api POST /api/v1/uploads/ "$1" "$E2E_HTTP_BODY_JSON" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status "$2"
}

check_http_nobody() { e2e_expect_create_status "$E2E_TOKEN_NOBODY" 403; }
check_http_no_token() { e2e_expect_create_status "" 401; }

# The example a user copies: the API server accepts it as it is, and the
# audience of its projected token is the one the release's operator checks
# (the default, presign-operator), with which app's tokens here are made.
check_http_example_app() {
  local applied audience
  applied=$(e2e_kubectl apply --dry-run=server -n "$E2E_APP_NS" -o json -f "$E2E_REPO/examples/app-deployment.yaml" 2>"$E2E_WORK/example-app.err") ||
    { e2e_fail "kubectl apply --dry-run=server: $(tail -n 1 "$E2E_WORK/example-app.err")"; return; }
  audience=$(jq -r '[.spec.template.spec.volumes[].projected.sources[]?.serviceAccountToken.audience // empty] | first // empty' <<<"$applied")
  echo "examples/app-deployment.yaml (server dry run): projected token audience '$audience'"
  [[ "$E2E_TOKEN_AUDIENCE" == presign-operator ]] ||
    { e2e_fail "the release's PRESIGN_TOKEN_AUDIENCE is '$E2E_TOKEN_AUDIENCE', not the default presign-operator"; return; }
  [[ "$audience" == "$E2E_TOKEN_AUDIENCE" ]] ||
    e2e_fail "the example mounts a token for '$audience', the operator expects '$E2E_TOKEN_AUDIENCE'"
}

# The token every pod has by default is for the API server: refused here, while
# the same ServiceAccount's token for presign-operator is accepted (check_http_create).
check_http_apiserver_audience() {
  local token
  token=$(e2e_kubectl create token app -n "$E2E_APP_NS") || { e2e_fail "create token"; return; }
  e2e_expect_create_status "$token" 401 || return
  [[ "$(jq -r '.detail // empty' <<<"$E2E_HTTP_BODY")" == *"audience 'presign-operator'"* ]] ||
    e2e_fail "the 401 does not name the audience: $E2E_HTTP_BODY"
}

check_http_other_audience() {
  local token
  token=$(e2e_kubectl create token app -n "$E2E_APP_NS" --audience other-audience) || { e2e_fail "create token"; return; }
  e2e_expect_create_status "$token" 401
}

check_http_garbage() {
  e2e_expect_create_status "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.bm90LWEtc2lnbmF0dXJl" 401
}

check_http_forged() {
  local key="$E2E_WORK/other.key" token
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null || { e2e_fail "openssl genpkey"; return; }
  token=$(e2e_mint_token "$E2E_TOKEN_APP" "$key" '.') || { e2e_fail "cannot mint"; return; }
  e2e_expect_create_status "$token" 401
}

check_http_expired() {
  e2e_need_http_upload || return
  local fresh expired
  # Control: the same claims with a new iat/nbf/exp, signed with the API
  # server's key, are accepted. ($now is a jq variable.)
  # shellcheck disable=SC2016
  fresh=$(e2e_mint_token "$E2E_TOKEN_APP" "$E2E_PKI/sa.key" '.iat = $now | .nbf = $now | .exp = $now + 600') ||
    { e2e_fail "cannot mint"; return; }
  e2e_api GET "/api/v1/uploads/$E2E_HTTP_ID" "$fresh" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  [[ "$E2E_HTTP_STATUS" == 200 ]] || { e2e_fail "a freshly minted token was not accepted (HTTP $E2E_HTTP_STATUS): the minting is broken"; return; }
  # shellcheck disable=SC2016
  expired=$(e2e_mint_token "$E2E_TOKEN_APP" "$E2E_PKI/sa.key" '.iat = $now - 3600 | .nbf = $now - 3600 | .exp = $now - 1200') ||
    { e2e_fail "cannot mint"; return; }
  e2e_api GET "/api/v1/uploads/$E2E_HTTP_ID" "$expired" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 401
}

check_http_deleted_sa() {
  local token
  e2e_run e2e_kubectl create serviceaccount gone -n "$E2E_APP_NS" || { e2e_fail "create serviceaccount: $(e2e_out_tail)"; return; }
  token=$(e2e_app_token "$E2E_APP_NS" gone) || { e2e_fail "create token"; return; }
  e2e_run e2e_kubectl delete serviceaccount gone -n "$E2E_APP_NS" || { e2e_fail "delete: $(e2e_out_tail)"; return; }
  e2e_expect_create_status "$token" 401
}

check_http_revoked_after_cache() {
  [[ -n "${E2E_LEAVER_USED:-}" ]] || { e2e_fail "the first use did not happen"; return; }
  local deadline=$((E2E_LEAVER_USED + E2E_OPERATOR_AUTH_CACHE + 10))
  while :; do
    e2e_api POST /api/v1/uploads/ "$E2E_TOKEN_LEAVER" "$E2E_HTTP_BODY_JSON" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
    [[ "$E2E_HTTP_STATUS" == 401 ]] && break
    ((SECONDS < deadline)) ||
      { e2e_fail "still HTTP $E2E_HTTP_STATUS $((SECONDS - E2E_LEAVER_USED)) s after the first use (cache: $E2E_OPERATOR_AUTH_CACHE s)"; return; }
    sleep 1
  done
  echo "401 $((SECONDS - E2E_LEAVER_USED)) s after the first use (PRESIGN_AUTH_CACHE_SECONDS=$E2E_OPERATOR_AUTH_CACHE)"
}
