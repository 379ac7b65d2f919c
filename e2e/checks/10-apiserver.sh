# shellcheck shell=bash
# Phase "apiserver": what needs only the API server: the CRDs install, their
# schemas (descriptions, validation, CEL immutability) are enforced by the API
# server itself, and ServiceAccount tokens can be issued and reviewed.

e2e_register_phase apiserver

E2E_NS="${PRESIGN_E2E_NAMESPACE:-presign-e2e}"
E2E_UR_CRD="uploadrequests.uploads.presign.dev"
E2E_UC_CRD="uploadclasses.uploads.presign.dev"

e2e_phase_apiserver() {
  e2e_check "the API server is ready and kubectl version talks to it" check_apiserver_ready
  e2e_check "kubectl apply -f crds/ succeeds and both CRDs become Established" check_crds_established
  e2e_check "kubectl explain uploadrequest.spec shows field descriptions" check_explain_descriptions
  e2e_check "an UploadRequest with a negative fileSize is rejected by the API server" check_rejects_negative_size
  e2e_check "an UploadRequest without originalFileName is rejected by the API server" check_rejects_missing_name
  local f
  for f in "$E2E_EXAMPLES"/*-invalid.yaml; do
    [[ -f "$f" ]] || continue
    e2e_check "examples/${f##*/} is rejected by the API server" check_example_rejected "$f"
  done
  e2e_check "an UploadClass whose spec.endpoint has user:password@ is refused without echoing it" check_rejects_endpoint_userinfo
  e2e_check "an UploadClass whose spec.notify.url has user:password@ is refused without echoing it" check_rejects_notify_userinfo
  e2e_check "an UploadClass whose spec.cors lists an origin with a path is refused naming the entry" check_rejects_cors_origin
  e2e_check "a valid UploadRequest is accepted" check_accepts_valid
  e2e_check "editing an UploadRequest's spec is rejected by the CEL immutability rule" check_spec_immutable
  e2e_check "kubectl create token returns a JWT that a TokenReview authenticates" check_token_review
  e2e_check "a kubeconfig with a ServiceAccount token authenticates as that ServiceAccount" check_token_kubeconfig
}

# The UploadRequest all other objects are made from: examples/upload-request.yaml
# if the repository has it, else an inline one.
e2e_base_upload_request() {
  E2E_UR_BASE="$E2E_WORK/upload-request.base.yaml"
  if [[ -f "$E2E_EXAMPLES/upload-request.yaml" ]]; then
    cp "$E2E_EXAMPLES/upload-request.yaml" "$E2E_UR_BASE"
  else
    cat >"$E2E_UR_BASE" <<'EOF'
apiVersion: uploads.presign.dev/v1alpha1
kind: UploadRequest
metadata:
  name: lorem-ipsum
spec:
  originalFileName: lorem-ipsum.pdf
  fileSize: 77000
EOF
  fi
}

# e2e_upload_request NAME MERGE_PATCH: prints the base UploadRequest with the
# name, the e2e namespace and the patch applied (no server needed).
e2e_upload_request() {
  [[ -n "${E2E_UR_BASE:-}" ]] || e2e_base_upload_request
  e2e_kubectl patch --local -f "$E2E_UR_BASE" --type merge -o yaml \
    -p "{\"metadata\":{\"name\":\"$1\",\"namespace\":\"$E2E_NS\",\"generateName\":null}}" |
    e2e_kubectl patch --local -f - --type merge -o yaml -p "$2"
}

# e2e_need_crd NAME: fails the check early, with a clear reason, when the CRD
# is missing (instead of kubectl's "resource mapping not found").
e2e_need_crd() {
  e2e_kubectl get crd "$1" >/dev/null 2>&1 || e2e_fail "CRD $1 is not installed"
}

e2e_ensure_namespace() {
  e2e_kubectl get namespace "$1" >/dev/null 2>&1 || e2e_kubectl create namespace "$1"
}

check_apiserver_ready() {
  e2e_run e2e_cp_get /readyz || { e2e_fail "GET /readyz: $(e2e_out_tail)"; return; }
  [[ "$E2E_OUT" == ok ]] || { e2e_fail "/readyz said: $(e2e_out_tail)"; return; }
  e2e_run e2e_kubectl version -o json || { e2e_fail "kubectl version: $(e2e_out_tail)"; return; }
  grep -q "\"gitVersion\": \"$E2E_KUBE_VERSION\"" <<<"$E2E_OUT" ||
    e2e_fail "server version is not $E2E_KUBE_VERSION: $(grep -A3 serverVersion <<<"$E2E_OUT" | e2e_squash)"
}

check_crds_established() {
  [[ -d "$E2E_CRDS" ]] || { e2e_fail "no CRD directory $E2E_CRDS (set PRESIGN_E2E_CRDS)"; return; }
  e2e_run e2e_kubectl apply -f "$E2E_CRDS" -o name || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  local applied=$E2E_OUT crd
  for crd in "$E2E_UR_CRD" "$E2E_UC_CRD"; do
    grep -qx "customresourcedefinition.apiextensions.k8s.io/$crd" <<<"$applied" ||
      { e2e_fail "$crd not among the applied objects: $(e2e_squash <<<"$applied")"; return; }
  done
  e2e_wait_for 60 e2e_crds_established ||
    { e2e_fail "not Established after 60 s: $(e2e_kubectl get crd "$E2E_UR_CRD" "$E2E_UC_CRD" \
      -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions}{"\n"}{end}' 2>&1 | e2e_squash)"; return; }
  # Discovery must serve the new kinds before the next checks use them.
  e2e_wait_for 30 e2e_kubectl get uploadrequests -A ||
    e2e_fail "kubectl get uploadrequests still fails after Established"
}

check_explain_descriptions() {
  local want
  e2e_need_crd "$E2E_UR_CRD" || return
  # The description the CRD carries for spec.fileSize: explain must show it.
  want=$(e2e_kubectl get crd "$E2E_UR_CRD" \
    -o jsonpath='{.spec.versions[?(@.name=="v1alpha1")].schema.openAPIV3Schema.properties.spec.properties.fileSize.description}')
  [[ -n "$want" ]] || { e2e_fail "the CRD has no description for spec.fileSize"; return; }
  # The OpenAPI document that explain reads is published a few seconds after
  # the CRD becomes Established.
  e2e_wait_for 60 e2e_kubectl explain uploadrequest.spec
  e2e_run e2e_kubectl explain uploadrequest.spec || { e2e_fail "kubectl explain: $(e2e_out_tail)"; return; }
  local got
  got=$(e2e_squash <<<"$E2E_OUT")
  want=$(e2e_squash <<<"$want" | cut -c1-60)
  [[ "$got" == *"fileSize <integer>"* ]] || { e2e_fail "no fileSize field in the explain output"; return; }
  [[ "$got" == *"$want"* ]] || e2e_fail "explain does not show the fileSize description \"$want...\""
}

# e2e_expect_rejected NAME PATCH WORD: creating the patched UploadRequest must
# fail with a message that names WORD.
e2e_expect_rejected() {
  local manifest
  e2e_need_crd "$E2E_UR_CRD" || return
  e2e_ensure_namespace "$E2E_NS" || { e2e_fail "cannot create namespace $E2E_NS"; return; }
  manifest=$(e2e_upload_request "$1" "$2") || { e2e_fail "could not build the manifest from $E2E_UR_BASE"; return; }
  printf '%s\n' "$manifest"
  if e2e_run e2e_kubectl create -f - <<<"$manifest"; then
    e2e_kubectl delete uploadrequest -n "$E2E_NS" "$1" --wait=false
    e2e_fail "the API server accepted it"
    return
  fi
  grep -q "$3" <<<"$E2E_OUT" || { e2e_fail "rejected, but not for $3: $(e2e_out_tail)"; return; }
  grep -qi "invalid\|required" <<<"$E2E_OUT" || e2e_fail "rejected, but not as invalid: $(e2e_out_tail)"
}

# An example that documents an invalid object: the API server must refuse it
# (server-side dry run: nothing is stored even if it wrongly passes).
check_example_rejected() {
  e2e_need_crd "$E2E_UR_CRD" || return
  e2e_ensure_namespace "$E2E_NS" || { e2e_fail "cannot create namespace $E2E_NS"; return; }
  if e2e_run e2e_kubectl create --dry-run=server -n "$E2E_NS" -f "$1"; then
    e2e_fail "the API server accepted it"
    return
  fi
  grep -qi "invalid\|required" <<<"$E2E_OUT" || e2e_fail "rejected, but not as invalid: $(e2e_out_tail)"
}

check_rejects_negative_size() {
  e2e_expect_rejected negative-size '{"spec":{"fileSize":-1}}' fileSize
}

check_rejects_missing_name() {
  e2e_expect_rejected no-file-name '{"spec":{"originalFileName":null}}' originalFileName
}

# The CEL rule on spec.endpoint: user:password@host is refused at admission,
# with the rule's message naming the field; the password is not quoted back.
# The same class without the userinfo passes the same server-side dry run, so
# the refusal is the userinfo and nothing else.
check_rejects_endpoint_userinfo() {
  local class password=e2e-canary-pw-$RANDOM$RANDOM
  e2e_need_crd "$E2E_UC_CRD" || return
  class=$(cat <<EOF
apiVersion: uploads.presign.dev/v1alpha1
kind: UploadClass
metadata:
  name: e2e-endpoint-userinfo
spec:
  bucket: uploads
  endpoint: https://minio:${password}@minio.example.test:9000
EOF
)
  expect_userinfo_refused spec.endpoint "$class" minio "$password"
}

# The same for spec.notify.url (completion notifications): the CRD's own rule
# refuses a URL with user:password@, naming the field, without quoting the
# password; the class with a plain in-cluster URL passes the same dry run.
check_rejects_notify_userinfo() {
  local class password=e2e-canary-pw-$RANDOM$RANDOM
  e2e_need_crd "$E2E_UC_CRD" || return
  class=$(cat <<EOF
apiVersion: uploads.presign.dev/v1alpha1
kind: UploadClass
metadata:
  name: e2e-notify-userinfo
spec:
  bucket: uploads
  notify:
    url: http://hooks:${password}@upload-hooks.shop.svc:8080/presign
    signingKeyRef: {namespace: presign-system, name: upload-hooks, key: hmac-key}
EOF
)
  expect_userinfo_refused spec.notify.url "$class" hooks "$password"
}

# Shared by the userinfo checks: $class, whose $field carries $user:$password@, is refused by the
# CRD's userinfo rule naming the field, without quoting the password back; the same class without
# "$user:$password@" passes the same server-side dry run, so the refusal is the userinfo only.
expect_userinfo_refused() {
  local field=$1 class=$2 user=$3 password=$4
  printf '%s\n' "${class//$password/PASSWORD}"
  if e2e_run e2e_kubectl create --dry-run=server -f - <<<"$class"; then
    e2e_fail "the API server accepted it"
    return
  fi
  grep -qF "$field" <<<"$E2E_OUT" || { e2e_fail "refused, but not naming $field: $(e2e_out_tail)"; return; }
  grep -q "user name or password" <<<"$E2E_OUT" || { e2e_fail "refused, but not by the userinfo rule: $(e2e_out_tail)"; return; }
  if grep -qF "$password" <<<"$E2E_OUT"; then
    e2e_fail "the refusal quotes the password back"
    return
  fi
  e2e_run e2e_kubectl create --dry-run=server -f - <<<"${class//$user:$password@/}" ||
    e2e_fail "the same class without user:password@ is refused too: $(e2e_out_tail)"
}

# spec.cors.allowedOrigins items carry a pattern: the API server names the entry it refuses, and
# the same class with plain origins only (and the multipart lifecycle field) passes.
check_rejects_cors_origin() {
  local class bad='"https://app.example.com/upload"'
  e2e_need_crd "$E2E_UC_CRD" || return
  class=$(cat <<EOF
apiVersion: uploads.presign.dev/v1alpha1
kind: UploadClass
metadata:
  name: e2e-cors-origin
spec:
  bucket: uploads
  abortIncompleteMultipartUploadDays: 7
  cors:
    allowedOrigins: ["https://app.example.com", $bad]
    maxAgeSeconds: 600
EOF
)
  if e2e_run e2e_kubectl create --dry-run=server -f - <<<"$class"; then
    e2e_fail "the API server accepted it"
    return
  fi
  grep -qF "spec.cors.allowedOrigins[1]" <<<"$E2E_OUT" || { e2e_fail "refused, but not naming spec.cors.allowedOrigins[1]: $(e2e_out_tail)"; return; }
  e2e_run e2e_kubectl create --dry-run=server -f - <<<"${class/, $bad/}" ||
    e2e_fail "the same class with plain origins only is refused too: $(e2e_out_tail)"
}

E2E_VALID_UR=valid-upload
check_accepts_valid() {
  local manifest
  e2e_need_crd "$E2E_UR_CRD" || return
  e2e_ensure_namespace "$E2E_NS" || { e2e_fail "cannot create namespace $E2E_NS"; return; }
  manifest=$(e2e_upload_request "$E2E_VALID_UR" '{}') || { e2e_fail "could not build the manifest from $E2E_UR_BASE"; return; }
  printf '%s\n' "$manifest"
  e2e_run e2e_kubectl create -f - <<<"$manifest" || { e2e_fail "kubectl create: $(e2e_out_tail)"; return; }
  e2e_run e2e_kubectl get uploadrequest -n "$E2E_NS" "$E2E_VALID_UR" -o jsonpath='{.spec.fileSize}' ||
    e2e_fail "cannot read it back: $(e2e_out_tail)"
}

check_spec_immutable() {
  local size rules message
  e2e_need_crd "$E2E_UR_CRD" || return
  size=$(e2e_kubectl get uploadrequest -n "$E2E_NS" "$E2E_VALID_UR" -o jsonpath='{.spec.fileSize}') ||
    { e2e_fail "no valid UploadRequest to edit"; return; }
  # The message of the spec's CEL rule(s), else the rule itself: the API server
  # returns one of them when the rule fails.
  message=$(e2e_kubectl get crd "$E2E_UR_CRD" \
    -o jsonpath='{.spec.versions[?(@.name=="v1alpha1")].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[0].message}')
  rules=$(e2e_kubectl get crd "$E2E_UR_CRD" \
    -o jsonpath='{.spec.versions[?(@.name=="v1alpha1")].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[*].rule}')
  [[ "$rules" == *"oldSelf"* ]] || { e2e_fail "spec has no CEL rule on oldSelf (rules: '$rules')"; return; }
  if e2e_run e2e_kubectl patch uploadrequest -n "$E2E_NS" "$E2E_VALID_UR" --type merge \
    -p "{\"spec\":{\"fileSize\":$((size + 1))}}"; then
    e2e_fail "the API server accepted a changed spec.fileSize"
    return
  fi
  local want=${message:-$rules}
  grep -qF "$want" <<<"$E2E_OUT" || e2e_fail "rejected, but not with the rule's message \"$want\": $(e2e_out_tail)"
}

check_token_review() {
  local sa=e2e-client token header review
  e2e_ensure_namespace "$E2E_NS" || { e2e_fail "cannot create namespace $E2E_NS"; return; }
  e2e_kubectl get serviceaccount -n "$E2E_NS" "$sa" >/dev/null 2>&1 ||
    e2e_run e2e_kubectl create serviceaccount -n "$E2E_NS" "$sa" || { e2e_fail "create serviceaccount: $(e2e_out_tail)"; return; }
  token=$(e2e_kubectl create token -n "$E2E_NS" "$sa" --duration=10m 2>&1) ||
    { e2e_fail "kubectl create token: $token"; return; }
  [[ "$token" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] ||
    { e2e_fail "not a JWT: ${token:0:60}"; return; }
  header=$(cut -d. -f1 <<<"$token" | tr '_-' '/+')
  while ((${#header} % 4)); do header+="="; done
  header=$(base64 -d <<<"$header" 2>/dev/null)
  echo "JWT header: $header"
  [[ "$header" == *'"alg":"RS256"'* ]] || { e2e_fail "JWT header is not RS256: $header"; return; }
  review=$(printf '%s\n' "apiVersion: authentication.k8s.io/v1" "kind: TokenReview" "spec:" "  token: $token")
  e2e_run e2e_kubectl create -f - -o yaml <<<"$review" || { e2e_fail "TokenReview: $(e2e_out_tail)"; return; }
  grep -q '^  authenticated: true$' <<<"$E2E_OUT" ||
    { e2e_fail "TokenReview did not authenticate: $(grep -A5 '^status:' <<<"$E2E_OUT" | e2e_squash)"; return; }
  grep -q "username: system:serviceaccount:$E2E_NS:$sa" <<<"$E2E_OUT" ||
    e2e_fail "TokenReview user is not system:serviceaccount:$E2E_NS:$sa: $(grep -A8 '^status:' <<<"$E2E_OUT" | e2e_squash)"
}

check_token_kubeconfig() {
  local sa=e2e-client kc="$E2E_WORK/e2e-client.kubeconfig"
  e2e_kubectl get serviceaccount -n "$E2E_NS" "$sa" >/dev/null 2>&1 ||
    e2e_run e2e_kubectl create serviceaccount -n "$E2E_NS" "$sa" || { e2e_fail "create serviceaccount: $(e2e_out_tail)"; return; }
  e2e_cp_token_kubeconfig "$E2E_NS" "$sa" "$kc" 10m || return
  e2e_run "$E2E_KUBECTL" --kubeconfig "$kc" --request-timeout=30s auth whoami -o jsonpath='{.status.userInfo.username}' ||
    { e2e_fail "kubectl auth whoami: $(e2e_out_tail)"; return; }
  [[ "$E2E_OUT" == "system:serviceaccount:$E2E_NS:$sa" ]] || { e2e_fail "whoami says $E2E_OUT"; return; }
  # No RoleBinding: RBAC must deny it what the admin may do.
  e2e_run "$E2E_KUBECTL" --kubeconfig "$kc" --request-timeout=30s get configmaps -n "$E2E_NS"
  grep -q Forbidden <<<"$E2E_OUT" || e2e_fail "an unbound ServiceAccount was not Forbidden: $(e2e_out_tail)"
}
