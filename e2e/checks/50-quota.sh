# shellcheck shell=bash
# Phase "quota": the Kubernetes-native cap on UploadRequests. The ResourceQuota
# of examples/resource-quota.yaml (count/uploadrequests.uploads.presign.dev),
# applied in its own namespace, is enforced by the real API server's
# ResourceQuota admission plugin: creates up to the limit pass, the next one is
# refused with "exceeded quota", from kubectl and through the HTTP API, which
# answers 429 with the quota's message and Retry-After.
#
# This control plane has no kube-controller-manager, so no quota controller
# ever computes the quota's status (hard, used). The admission plugin matches
# quotas by status.hard, so until then the quota is not enforced at all: a
# create is admitted (the second check shows it, and deletes that object). The
# harness then writes the status the controller would have written: hard as in
# the spec, used = the UploadRequests that exist. From then on the admission
# plugin itself raises `used` with each create it admits. It never lowers it
# on a delete (that is the controller's recount), so this phase does not show a
# quota making room again.

e2e_register_phase quota

E2E_QUOTA_NS=team-q
E2E_QUOTA_RESOURCE=count/uploadrequests.uploads.presign.dev
# The example's limit (500) lowered, so the check creates 3 objects, not 500.
E2E_QUOTA_HARD=3

e2e_phase_quota() {
  e2e_step "the operator is running (from an earlier phase, or started now)" e2e_operator_up || return
  e2e_step "namespace $E2E_QUOTA_NS with ServiceAccount app allowed to create and get uploadrequests" e2e_quota_caller || return
  e2e_check "examples/resource-quota.yaml applies in $E2E_QUOTA_NS (hard limit lowered to $E2E_QUOTA_HARD)" check_quota_apply
  e2e_check "with no quota controller to compute its status, the quota is not enforced yet (why the harness writes it)" check_quota_status_unknown
  e2e_check "with the quota's status written, $E2E_QUOTA_HARD UploadRequests are admitted and counted in status.used" check_quota_up_to_limit
  e2e_check "one UploadRequest more is refused by the API server with \"exceeded quota\"" check_quota_exceeded_kubectl
  e2e_check "POST /api/v1/uploads/ over the quota answers 429 with the quota's message and Retry-After" check_quota_exceeded_http
  e2e_check "the operator's own rate limit (the chart's 50/s, burst 100): 300 GETs in a row get the burst, then 429" check_rate_limit_http
}

e2e_quota_caller() {
  local manifest
  manifest="$(e2e_uploader_manifest "$E2E_QUOTA_NS")
"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_TOKEN_QUOTA_APP=$(e2e_app_token "$E2E_QUOTA_NS" app) || e2e_fail "kubectl create token failed"
}

check_quota_apply() {
  e2e_run e2e_kubectl apply -n "$E2E_QUOTA_NS" -f "$E2E_EXAMPLES/resource-quota.yaml" ||
    { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  local hard
  hard=$(e2e_kubectl get resourcequota uploads -n "$E2E_QUOTA_NS" -o json | jq -r --arg r "$E2E_QUOTA_RESOURCE" '.spec.hard[$r] // empty')
  [[ -n "$hard" ]] || { e2e_fail "the applied quota has no spec.hard[$E2E_QUOTA_RESOURCE]"; return; }
  e2e_run e2e_kubectl patch resourcequota uploads -n "$E2E_QUOTA_NS" --type=merge \
    -p "{\"spec\":{\"hard\":{\"$E2E_QUOTA_RESOURCE\":\"$E2E_QUOTA_HARD\"}}}" ||
    e2e_fail "kubectl patch: $(e2e_out_tail)"
}

# e2e_quota_request NAME: an UploadRequest in the quota namespace, from kubectl.
e2e_quota_request() {
  e2e_run e2e_kubectl create -n "$E2E_QUOTA_NS" -f - <<EOF
apiVersion: uploads.presign.dev/v1alpha1
kind: UploadRequest
metadata: {name: $1}
spec: {originalFileName: quota.txt, fileSize: 5}
EOF
}

check_quota_status_unknown() {
  local status
  status=$(e2e_kubectl get resourcequota uploads -n "$E2E_QUOTA_NS" -o json | jq -c '.status // {}')
  [[ "$status" == "{}" ]] || { e2e_fail "the quota has a status after all: $status"; return; }
  e2e_quota_request quota-before-status || { e2e_fail "refused: $(e2e_out_tail)"; return; }
  e2e_run e2e_kubectl delete upreq quota-before-status -n "$E2E_QUOTA_NS" --wait=true ||
    e2e_fail "kubectl delete: $(e2e_out_tail)"
}

check_quota_up_to_limit() {
  local i used existing
  existing=$(e2e_kubectl get upreq -n "$E2E_QUOTA_NS" -o name | wc -l)
  e2e_run e2e_kubectl patch resourcequota uploads -n "$E2E_QUOTA_NS" --subresource=status --type=merge \
    -p "{\"status\":{\"hard\":{\"$E2E_QUOTA_RESOURCE\":\"$E2E_QUOTA_HARD\"},\"used\":{\"$E2E_QUOTA_RESOURCE\":\"$existing\"}}}" ||
    { e2e_fail "kubectl patch --subresource=status: $(e2e_out_tail)"; return; }
  for ((i = existing + 1; i <= E2E_QUOTA_HARD; i++)); do
    e2e_quota_request "quota-$i" || { e2e_fail "UploadRequest $i of $E2E_QUOTA_HARD refused: $(e2e_out_tail)"; return; }
  done
  used=$(e2e_kubectl get resourcequota uploads -n "$E2E_QUOTA_NS" -o json | jq -r --arg r "$E2E_QUOTA_RESOURCE" '.status.used[$r] // empty')
  [[ "$used" == "$E2E_QUOTA_HARD" ]] || e2e_fail "status.used is '$used', not $E2E_QUOTA_HARD"
}

check_quota_exceeded_kubectl() {
  if e2e_quota_request "quota-$((E2E_QUOTA_HARD + 1))"; then
    e2e_fail "UploadRequest $((E2E_QUOTA_HARD + 1)) was created over a quota of $E2E_QUOTA_HARD"
    return
  fi
  [[ "$E2E_OUT" == *"exceeded quota: uploads"* ]] || e2e_fail "refused, but not for the quota: $(e2e_out_tail)"
}

check_quota_exceeded_http() {
  local count_before count_after retry_after
  count_before=$(e2e_kubectl get upreq -n "$E2E_QUOTA_NS" -o name | wc -l)
  e2e_api POST /api/v1/uploads/ "$E2E_TOKEN_QUOTA_APP" '{"original_file_name": "over.txt", "file_size": 5}' ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 429 || return
  jq -e '.detail | contains("exceeded quota: uploads") and contains("'"$E2E_QUOTA_NS"'")' <<<"$E2E_HTTP_BODY" >/dev/null ||
    { e2e_fail "detail does not carry the quota's message: $E2E_HTTP_BODY"; return; }
  retry_after=$(sed -n 's/^[Rr]etry-[Aa]fter: *//p' <<<"$E2E_HTTP_HEADERS")
  [[ "$retry_after" =~ ^[1-9][0-9]*$ ]] || { e2e_fail "Retry-After is '$retry_after'"; return; }
  count_after=$(e2e_kubectl get upreq -n "$E2E_QUOTA_NS" -o name | wc -l)
  ((count_after == count_before)) || e2e_fail "$count_before UploadRequests before, $count_after after"
}

# The chart's per-namespace rate, with a real token: one curl process sends the
# GETs back to back on one connection, far faster than 50 per second.
check_rate_limit_http() {
  local uid n=300 i codes ok throttled first start elapsed
  local -a args=()
  uid=$(e2e_kubectl get upreq quota-1 -n "$E2E_QUOTA_NS" -o jsonpath='{.metadata.uid}') || { e2e_fail "no quota-1"; return; }
  for ((i = 0; i < n; i++)); do args+=(-o /dev/null "$E2E_OPERATOR_URL/api/v1/uploads/$uid"); done
  start=$(date +%s%N)
  codes=$(curl -sS --max-time 60 -H "Authorization: Bearer $E2E_TOKEN_QUOTA_APP" -w '%{http_code}\n' "${args[@]}") ||
    { e2e_fail "curl failed"; return; }
  elapsed=$((($(date +%s%N) - start) / 1000000))
  ok=$(grep -c '^200$' <<<"$codes")
  throttled=$(grep -c '^429$' <<<"$codes")
  first=$(head -n 100 <<<"$codes" | sort -u | tr '\n' ' ')
  echo "$n GETs in $elapsed ms: $ok x 200, $throttled x 429"
  ((ok + throttled == n)) || { e2e_fail "other answers than 200 and 429: $(sort <<<"$codes" | uniq -c | tr -s '[:space:]' ' ')"; return; }
  [[ "$first" == "200 " ]] || { e2e_fail "the first 100 (the burst) were not all 200: $first"; return; }
  ((throttled > 0)) || { e2e_fail "no 429 among $n GETs in $elapsed ms"; return; }
  ((ok <= 100 + (elapsed * 50 + 999) / 1000 + 1)) || e2e_fail "$ok answered 200 in $elapsed ms, more than the burst and the rate allow"
}
