# shellcheck shell=bash
# Phase "trust": a status written by a tenant is not trusted (DESIGN §5a).
#
# Any Role with resources: ["*"] in a namespace covers uploadrequests/status, so
# a namespace admin can write an UploadRequest's status. Callers:
#   team-t/app     Role uploader (create, get uploadrequests): the app, through the HTTP API
#   team-t/admin   Role namespace-admin (apiGroups, resources, verbs: ["*"]): forges the status
#                  with its own token (kubectl patch --subresource=status)
#   team-v/app     another tenant, whose uploaded object the forgeries point at
# and a second UploadClass, e2e-trust-other (a bucket of its own, the same
# S3Proxy under the name localhost, a namespaceSelector that team-t does not
# match). On a fresh upload each (created, uploaded and completed through the
# HTTP API, except the last), the admin forges one thing:
#   key       status.key -> team-v's object key (same bucket)
#   bucket    status.bucket -> e2e-trust-other's bucket
#   class     status.uploadClassName -> e2e-trust-other
#   uploaded  status.phase Uploaded (+ uploadedAt, object) with key -> team-v's
#             object key, on an upload that never received a file
# Then app's GET /download-url and POST /complete must answer 409 with
# {"errors": {FIELD: "..."}}, FIELD naming what disagrees (key, bucket,
# upload_class; or status once the operator has marked the request Failed),
# and no url, no X-Amz-Signature, no link to the forged object. A 2xx carrying
# the forged object (a presigned URL for it, or /complete echoing the forged
# status) fails at once; any other answer is asked again (the operator's cache
# may lag the patch by a moment) for up to E2E_TRUST_WAIT seconds.

e2e_register_phase trust

E2E_TRUST_NS=team-t
E2E_VICTIM_NS=team-v
E2E_TRUST_CLASS=e2e-trust-other
E2E_TRUST_WAIT=20
E2E_TRUST_FILE_SIZE=1024
E2E_TRUST_FORGERIES=(key bucket class uploaded)

# Per forgery: the upload's id and name, its own (genuine) key, bucket and class,
# the phase before the forgery, the expected error field, the forged value, and
# the text that marks the forged object in a URL.
declare -A E2E_TRUST_ID=() E2E_TRUST_NAME=() E2E_TRUST_KEY=() E2E_TRUST_BUCKET=() E2E_TRUST_UCLASS=() \
  E2E_TRUST_PHASE=() E2E_TRUST_FIELD=() E2E_TRUST_FORGED=() E2E_TRUST_MARK=()

e2e_phase_trust() {
  e2e_step "the operator is running (from an earlier phase, or started now)" e2e_operator_up || return
  e2e_step "ServiceAccounts app (create, get) and admin (Role with resources [\"*\"]) in $E2E_TRUST_NS, app in $E2E_VICTIM_NS" \
    e2e_trust_callers || return
  e2e_step "a second UploadClass $E2E_TRUST_CLASS (its own bucket, not for $E2E_TRUST_NS) is Ready" e2e_trust_other_class || return
  e2e_step "$E2E_VICTIM_NS's upload, created, uploaded and completed through the HTTP API (the object the forgeries point at)" \
    e2e_trust_victim || return
  E2E_OPERATOR_LOG_CHECKED=$(wc -l <"$E2E_OPERATOR_LOG")
  e2e_check "$E2E_TRUST_NS's namespace admin (Role resources [\"*\"]) may patch uploadrequests/status; $E2E_TRUST_NS's app may not" \
    check_trust_rbac
  local f
  for f in "${E2E_TRUST_FORGERIES[@]}"; do
    e2e_check "$(e2e_trust_what "$f"): the namespace admin's status patch is stored" check_trust_forge "$f"
    e2e_check "$(e2e_trust_short "$f") forged: GET /download-url answers 409 errors.$(e2e_trust_field "$f"), no URL" \
      check_trust_refused "$f" download
    e2e_check "$(e2e_trust_short "$f") forged: POST /complete answers 409 errors.$(e2e_trust_field "$f")" \
      check_trust_refused "$f" complete
  done
  e2e_check "the operator's log has no Forbidden and no ERROR line (trust phase)" check_operator_log
}

e2e_trust_what() {
  case $1 in
    key) echo "status.key of an Uploaded upload set to $E2E_VICTIM_NS's object key" ;;
    bucket) echo "status.bucket of an Uploaded upload set to $E2E_TRUST_CLASS's bucket" ;;
    class) echo "status.uploadClassName of an Uploaded upload set to $E2E_TRUST_CLASS" ;;
    uploaded) echo "status.phase Uploaded with $E2E_VICTIM_NS's object key on an upload that got no file" ;;
  esac
}

e2e_trust_short() {
  case $1 in
    key) echo "status.key" ;;
    bucket) echo "status.bucket" ;;
    class) echo "status.uploadClassName" ;;
    uploaded) echo "status.phase Uploaded + key" ;;
  esac
}

# The error field the contract names for each forgery.
e2e_trust_field() {
  case $1 in
    key | uploaded) echo key ;;
    bucket) echo bucket ;;
    class) echo upload_class ;;
  esac
}

# kubectl as team-t's namespace admin (its own bound token).
e2e_trust_admin_kubectl() {
  "$E2E_KUBECTL" --kubeconfig "$E2E_TRUST_ADMIN_KC" --request-timeout=30s "$@"
}

e2e_trust_callers() {
  local manifest
  manifest="$(e2e_uploader_manifest "$E2E_TRUST_NS")
$(e2e_uploader_manifest "$E2E_VICTIM_NS")
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: admin, namespace: $E2E_TRUST_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: namespace-admin, namespace: $E2E_TRUST_NS}
rules:
  - apiGroups: [\"*\"]
    resources: [\"*\"]
    verbs: [\"*\"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: admin-namespace-admin, namespace: $E2E_TRUST_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: namespace-admin}
subjects: [{kind: ServiceAccount, name: admin, namespace: $E2E_TRUST_NS}]
"
  printf '%s' "$manifest"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_TRUST_ADMIN_KC="$E2E_WORK/trust-admin.kubeconfig"
  e2e_cp_token_kubeconfig "$E2E_TRUST_NS" admin "$E2E_TRUST_ADMIN_KC" 1h || return
  if ! E2E_TRUST_APP_TOKEN=$(e2e_app_token "$E2E_TRUST_NS" app) ||
    ! E2E_TRUST_VICTIM_TOKEN=$(e2e_app_token "$E2E_VICTIM_NS" app); then
    e2e_fail "kubectl create token failed"
  fi
}

# A second class: the default class's credentials, a bucket of its own, the
# same S3Proxy named localhost (so that a URL it signs is told apart from the
# default class's), and a namespaceSelector that team-t does not match.
e2e_trust_other_class() {
  local base manifest
  E2E_TRUST_OTHER_BUCKET="$E2E_S3_BUCKET-other"
  E2E_TRUST_OTHER_ENDPOINT=${E2E_S3_ENDPOINT/127.0.0.1/localhost}
  e2e_s3_create_bucket "$E2E_TRUST_OTHER_BUCKET" || return
  base=$(e2e_kubectl get uploadclass "$E2E_CLASS" -o json) || { e2e_fail "cannot read UploadClass $E2E_CLASS"; return; }
  manifest=$(jq --arg name "$E2E_TRUST_CLASS" --arg bucket "$E2E_TRUST_OTHER_BUCKET" --arg endpoint "$E2E_TRUST_OTHER_ENDPOINT" \
    '{apiVersion, kind, metadata: {name: $name},
      spec: (.spec + {bucket: $bucket, endpoint: $endpoint,
                      namespaceSelector: {matchLabels: {"presign-e2e/trust-other": "allowed"}}})}' <<<"$base") ||
    { e2e_fail "jq failed"; return; }
  printf '%s\n' "$manifest"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  e2e_run e2e_kubectl wait --for=condition=Ready --timeout=60s "uploadclass/$E2E_TRUST_CLASS" ||
    e2e_fail "not Ready after 60 s: $(e2e_kubectl get uploadclass "$E2E_TRUST_CLASS" -o jsonpath='{.status.conditions}' | cut -c1-250)"
}

# e2e_trust_create TOKEN NAME: POST /api/v1/uploads/ as TOKEN; sets E2E_TRUST_UPLOAD (the 201 body).
e2e_trust_create() {
  e2e_api POST /api/v1/uploads/ "$1" "{\"original_file_name\": \"$2.txt\", \"file_size\": $E2E_TRUST_FILE_SIZE}" ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  E2E_TRUST_UPLOAD=$E2E_HTTP_BODY
  [[ -n "$(jq -r '.id // empty' <<<"$E2E_TRUST_UPLOAD")" ]] || e2e_fail "no id in the 201 answer"
}

# e2e_trust_upload_and_complete TOKEN NAME: uploads a file through the form of
# E2E_TRUST_UPLOAD, then POST /complete as TOKEN must answer 200 Uploaded.
e2e_trust_upload_and_complete() {
  local file="$E2E_WORK/trust-$2.bin" id
  id=$(jq -r .id <<<"$E2E_TRUST_UPLOAD")
  e2e_make_file "$file" "$E2E_TRUST_FILE_SIZE" || { e2e_fail "cannot make the file"; return; }
  e2e_form_upload "$E2E_TRUST_UPLOAD" .presigned_post_data "$file" || return
  e2e_api POST "/api/v1/uploads/$id/complete" "$1" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || { E2E_WHY="honest /complete: $E2E_WHY"; return 1; }
  [[ "$(jq -r .status <<<"$E2E_HTTP_BODY")" == Uploaded ]] ||
    e2e_fail "honest /complete: status $(jq -r .status <<<"$E2E_HTTP_BODY")"
}

e2e_trust_victim() {
  e2e_trust_create "$E2E_TRUST_VICTIM_TOKEN" victim || return
  e2e_trust_upload_and_complete "$E2E_TRUST_VICTIM_TOKEN" victim || return
  E2E_TRUST_VICTIM_KEY=$(jq -r '.key // empty' <<<"$E2E_HTTP_BODY")
  [[ -n "$E2E_TRUST_VICTIM_KEY" ]] || E2E_TRUST_VICTIM_KEY=$(jq -r '.presigned_post_data.fields.key // empty' <<<"$E2E_TRUST_UPLOAD")
  E2E_TRUST_VICTIM_ETAG=$(jq -r '.etag // empty' <<<"$E2E_HTTP_BODY")
  E2E_TRUST_VICTIM_AT=$(jq -r '.uploaded_at // empty' <<<"$E2E_HTTP_BODY")
  echo "victim key: $E2E_TRUST_VICTIM_KEY etag: $E2E_TRUST_VICTIM_ETAG"
  [[ -n "$E2E_TRUST_VICTIM_KEY" ]] || e2e_fail "the victim's upload has no key"
}

check_trust_rbac() {
  local out
  out=$(e2e_trust_admin_kubectl auth can-i patch uploadrequests.uploads.presign.dev --subresource=status -n "$E2E_TRUST_NS" 2>&1)
  echo "admin: can-i patch uploadrequests/status: $out"
  [[ "$out" == yes ]] || { e2e_fail "the admin's token may not patch uploadrequests/status ($out)"; return; }
  out=$(e2e_kubectl auth can-i patch uploadrequests.uploads.presign.dev --subresource=status -n "$E2E_TRUST_NS" \
    --as "system:serviceaccount:$E2E_TRUST_NS:app" 2>&1)
  echo "app: can-i patch uploadrequests/status: $out"
  [[ "$out" == no ]] || e2e_fail "the app's Role already allows patching the status ($out)"
}

# check_trust_forge FORGERY: a fresh upload of team-t's app, then the admin's patch.
check_trust_forge() {
  local f=$1 patch stored json field
  [[ -n "${E2E_TRUST_VICTIM_KEY:-}" ]] || { e2e_fail "no victim object"; return; }
  e2e_trust_create "$E2E_TRUST_APP_TOKEN" "forged-$f" || return
  if [[ "$f" != uploaded ]]; then
    e2e_trust_upload_and_complete "$E2E_TRUST_APP_TOKEN" "forged-$f" || return
  fi
  json=$(e2e_kubectl get upreq -n "$E2E_TRUST_NS" "$(jq -r .name <<<"$E2E_TRUST_UPLOAD")" -o json) ||
    { e2e_fail "cannot read the UploadRequest"; return; }
  E2E_TRUST_NAME[$f]=$(jq -r .metadata.name <<<"$json")
  E2E_TRUST_KEY[$f]=$(jq -r '.status.key // empty' <<<"$json")
  E2E_TRUST_BUCKET[$f]=$(jq -r '.status.bucket // empty' <<<"$json")
  E2E_TRUST_UCLASS[$f]=$(jq -r '.status.uploadClassName // empty' <<<"$json")
  E2E_TRUST_PHASE[$f]=$(jq -r '.status.phase // empty' <<<"$json")
  echo "before the forgery: phase ${E2E_TRUST_PHASE[$f]} key ${E2E_TRUST_KEY[$f]} bucket ${E2E_TRUST_BUCKET[$f]} class ${E2E_TRUST_UCLASS[$f]}"
  case $f in
    key)
      E2E_TRUST_FORGED[$f]=$E2E_TRUST_VICTIM_KEY
      E2E_TRUST_MARK[$f]=$E2E_TRUST_VICTIM_KEY
      patch=$(jq -cn --arg v "$E2E_TRUST_VICTIM_KEY" '{status: {key: $v}}')
      field=.status.key
      ;;
    bucket)
      E2E_TRUST_FORGED[$f]=$E2E_TRUST_OTHER_BUCKET
      E2E_TRUST_MARK[$f]="/$E2E_TRUST_OTHER_BUCKET/"
      patch=$(jq -cn --arg v "$E2E_TRUST_OTHER_BUCKET" '{status: {bucket: $v}}')
      field=.status.bucket
      ;;
    class)
      E2E_TRUST_FORGED[$f]=$E2E_TRUST_CLASS
      E2E_TRUST_MARK[$f]=${E2E_TRUST_OTHER_ENDPOINT#*://}
      patch=$(jq -cn --arg v "$E2E_TRUST_CLASS" '{status: {uploadClassName: $v}}')
      field=.status.uploadClassName
      ;;
    uploaded)
      E2E_TRUST_FORGED[$f]=$E2E_TRUST_VICTIM_KEY
      E2E_TRUST_MARK[$f]=$E2E_TRUST_VICTIM_KEY
      # Everything an Uploaded status has, copied from team-v's confirmed upload.
      patch=$(jq -cn --arg key "$E2E_TRUST_VICTIM_KEY" --arg etag "$E2E_TRUST_VICTIM_ETAG" \
        --arg at "${E2E_TRUST_VICTIM_AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}" --argjson size "$E2E_TRUST_FILE_SIZE" \
        '{status: ({phase: "Uploaded", key: $key, uploadedAt: $at, object: {size: $size}}
                   + (if $etag == "" then {} else {object: {size: $size, etag: $etag}} end))}')
      field=.status.key
      ;;
  esac
  e2e_run e2e_trust_admin_kubectl patch uploadrequest "${E2E_TRUST_NAME[$f]}" -n "$E2E_TRUST_NS" \
    --subresource=status --type=merge -p "$patch" -o json ||
    { e2e_fail "the admin's kubectl patch --subresource=status failed: $(e2e_out_tail)"; return; }
  stored=$(jq -r "$field // empty" <<<"$E2E_OUT")
  [[ "$stored" == "${E2E_TRUST_FORGED[$f]}" ]] || { e2e_fail "the API server stored $field '$stored'"; return; }
  if [[ $f == uploaded ]]; then
    stored=$(jq -r '.status.phase' <<<"$E2E_OUT")
    [[ "$stored" == Uploaded ]] || { e2e_fail "the API server stored phase '$stored'"; return; }
  fi
  E2E_TRUST_ID[$f]=$(jq -r .id <<<"$E2E_TRUST_UPLOAD")
  E2E_TRUST_FIELD[$f]=$(e2e_trust_field "$f")
}

# check_trust_refused FORGERY download|complete
check_trust_refused() {
  local f=$1 endpoint=$2 deadline=$((SECONDS + E2E_TRUST_WAIT)) rc tries=0
  [[ -n "${E2E_TRUST_ID[$f]:-}" ]] || { e2e_fail "no forged upload (the forgery above failed)"; return; }
  while :; do
    tries=$((tries + 1))
    if [[ $endpoint == download ]]; then
      e2e_api GET "/api/v1/uploads/${E2E_TRUST_ID[$f]}/download-url?expires_in=600" "$E2E_TRUST_APP_TOKEN"
    else
      e2e_api POST "/api/v1/uploads/${E2E_TRUST_ID[$f]}/complete" "$E2E_TRUST_APP_TOKEN"
    fi
    E2E_WHY=""
    e2e_trust_judge "$f" "$endpoint"
    rc=$?
    ((rc == 2)) || break
    # rc 2: an answer that may come from a cache that has not seen the forgery yet.
    if ((SECONDS >= deadline)); then
      E2E_WHY="$E2E_WHY (the same after $E2E_TRUST_WAIT s, $tries tries)"
      rc=1
      break
    fi
    sleep 0.5
  done
  echo "after $tries answer(s): rc $rc${E2E_WHY:+, $E2E_WHY}"
  return "$rc"
}

# e2e_trust_fetch URL: what a GET on a forged URL brings, for the "why".
e2e_trust_fetch() {
  local got="$E2E_WORK/trust-fetched.bin" code
  code=$(curl -sS --max-time 10 -o "$got" -w '%{http_code}' "$1" 2>/dev/null)
  if [[ "$code" == 200 ]] && cmp -s "$got" "$E2E_WORK/trust-victim.bin"; then
    echo "; it serves $E2E_VICTIM_NS's object"
  else
    echo "; GET on it: HTTP $code"
  fi
}

# The body, squashed and cut for a "why".
e2e_trust_body() { tr -s '[:space:]' ' ' <<<"$E2E_HTTP_BODY" | cut -c1-220; }

# e2e_trust_judge FORGERY ENDPOINT: judges the last answer. 0: the contract's
# refusal; 1: a failure (E2E_WHY says why); 2: not judged yet, ask again.
e2e_trust_judge() {
  local f=$1 endpoint=$2 status=$E2E_HTTP_STATUS body=$E2E_HTTP_BODY field expected url phase value
  expected=${E2E_TRUST_FIELD[$f]}
  if [[ "$status" =~ ^2[0-9][0-9]$ ]]; then
    if [[ $endpoint == download ]]; then
      url=$(jq -r '.url // empty' <<<"$body" 2>/dev/null)
      [[ -n "$url" ]] || { e2e_fail "HTTP $status without a url, not 409: $(e2e_trust_body)"; return 1; }
      if [[ "${url%%\?*}" == "$E2E_S3_ENDPOINT/${E2E_TRUST_BUCKET[$f]}/${E2E_TRUST_KEY[$f]}" && $f != uploaded ]]; then
        e2e_fail "HTTP $status with a URL for the upload's own object, not 409"
        return 2
      fi
      e2e_fail "HTTP $status: a presigned URL for a forged object (${url%%\?*}$([[ $f == class ]] && echo ", signed for UploadClass $E2E_TRUST_CLASS"))$(e2e_trust_fetch "$url")"
      return 1
    fi
    # /complete answers the upload as JSON: does it still show the status from before the forgery?
    if [[ "$(jq -r '[.key, .bucket, .upload_class, .status] | join(" ")' <<<"$body" 2>/dev/null)" == \
      "${E2E_TRUST_KEY[$f]} ${E2E_TRUST_BUCKET[$f]} ${E2E_TRUST_UCLASS[$f]} ${E2E_TRUST_PHASE[$f]}" ]]; then
      e2e_fail "HTTP $status with the status from before the forgery, not 409"
      return 2
    fi
    e2e_fail "HTTP $status: /complete accepted the forged status ($(jq -r '"status \(.status), key \(.key), bucket \(.bucket), upload_class \(.upload_class)"' <<<"$body" 2>/dev/null))"
    return 1
  fi
  if [[ "$status" != 409 ]]; then
    e2e_fail "HTTP $status, not 409: $(e2e_trust_body)"
    return 2
  fi
  # 409: first what it must never carry.
  jq -e . >/dev/null 2>&1 <<<"$body" || { e2e_fail "HTTP 409 with a body that is not JSON: $(e2e_trust_body)"; return 1; }
  if jq -e '[paths | .[-1] | select(. == "url")] | length > 0' >/dev/null <<<"$body"; then
    e2e_fail "HTTP 409 with a url in the body: $(e2e_trust_body)"
    return 1
  fi
  if grep -qi 'x-amz-signature' <<<"$body"; then
    e2e_fail "HTTP 409 with an X-Amz-Signature in the body: $(e2e_trust_body)"
    return 1
  fi
  if grep -Eo 'https?://[^" ]*' <<<"$body" | grep -qF -- "${E2E_TRUST_MARK[$f]}"; then
    e2e_fail "HTTP 409 with a link to the forged object: $(e2e_trust_body)"
    return 1
  fi
  # Then what it must say: errors.<what disagrees>, or errors.status once the request is Failed.
  value=$(jq -r --arg k "$expected" '.errors[$k] // empty | if type == "array" then join(" ") else tostring end' <<<"$body" 2>/dev/null)
  [[ -n "$value" ]] && return 0
  value=$(jq -r '.errors.status // empty | if type == "array" then join(" ") else tostring end' <<<"$body" 2>/dev/null)
  if [[ -n "$value" ]]; then
    phase=$(e2e_kubectl get upreq -n "$E2E_TRUST_NS" "${E2E_TRUST_NAME[$f]}" -o jsonpath='{.status.phase}' 2>&1)
    [[ "$phase" == Failed ]] && return 0
    e2e_fail "HTTP 409 errors.status while the UploadRequest is $phase (not Failed), not errors.$expected: $(e2e_trust_body)"
    return 2
  fi
  field=$(jq -r '.errors | objects | keys | join(",")' <<<"$body" 2>/dev/null)
  e2e_fail "HTTP 409 without errors.$expected${field:+ (errors: $field)}: $(e2e_trust_body)"
  return 2
}
