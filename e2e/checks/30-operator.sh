# shellcheck shell=bash
# Phase "operator": the real operator (target/presign-operator.jar run) as a
# local process against the real API server, with exactly the chart's RBAC: it
# authenticates with a bound token of the chart's ServiceAccount and runs with
# the env of the chart's Deployment (leader election on), except that its HTTP
# API listens on 127.0.0.1. S3Proxy (a separate process) is the S3 store.
# Proves: the class probe, issuing, the operator's own HeadObject after a real
# upload, status, printer columns, Events and the Lease all work with only the
# permissions the chart grants.

e2e_register_phase operator

E2E_APP_NS=team-a
E2E_KUBECTL_UR=lorem-ipsum

e2e_phase_operator() {
  e2e_step "S3Proxy and the operator running (jar built if stale; chart's ServiceAccount token and env)" e2e_operator_up || return
  e2e_check "the UploadClass from examples/upload-class.yaml becomes Ready=True (Probed) against S3Proxy" check_class_ready
  e2e_check "examples/upload-request.yaml applied in $E2E_APP_NS reaches Issued with a signed form" check_kubectl_request_issued
  e2e_check "a curl upload with the signed form fields (file last, exact size) is accepted by S3Proxy" check_kubectl_request_upload
  e2e_check "the UploadRequest reaches Uploaded by the operator's own HeadObject (no /complete)" check_kubectl_request_uploaded
  e2e_check "kubectl get uploadrequests shows the PHASE, CLASS, KEY, SIZE, PARTS, EXPIRES and AGE columns" check_printer_columns
  e2e_check "the printer columns come in the design's order: NAME PHASE CLASS KEY SIZE PARTS EXPIRES AGE" check_printer_column_order
  e2e_check "kubectl get events shows Issued and Uploaded for the UploadRequest" check_request_events
  e2e_check "the Lease presign-operator-leader is held by the operator (leader election with the chart's Role)" check_lease
  E2E_OPERATOR_LOG_CHECKED=0
  e2e_check "the operator's log has no Forbidden and no ERROR line" check_operator_log
}

check_class_ready() {
  e2e_run e2e_kubectl wait --for=condition=Ready --timeout=60s "uploadclass/$E2E_CLASS" ||
    { e2e_fail "not Ready after 60 s: $(e2e_kubectl get uploadclass "$E2E_CLASS" -o jsonpath='{.status.conditions}' | cut -c1-250)"; return; }
  local reason
  reason=$(e2e_kubectl get uploadclass "$E2E_CLASS" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}')
  [[ "$reason" == Probed ]] || e2e_fail "Ready, but the reason is '$reason', not Probed"
}

check_kubectl_request_issued() {
  e2e_ensure_namespace "$E2E_APP_NS" || { e2e_fail "cannot create namespace $E2E_APP_NS"; return; }
  e2e_run e2e_kubectl apply -n "$E2E_APP_NS" -f "$E2E_EXAMPLES/upload-request.yaml" -o name ||
    { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_KUBECTL_UR=${E2E_OUT##*/}
  if ! e2e_run e2e_kubectl wait -n "$E2E_APP_NS" --for=jsonpath='{.status.phase}'=Issued --timeout=60s \
    "uploadrequest/$E2E_KUBECTL_UR"; then
    e2e_fail "not Issued after 60 s: phase '$(e2e_kubectl get upreq -n "$E2E_APP_NS" "$E2E_KUBECTL_UR" -o jsonpath='{.status.phase} {.status.conditions[0].message}' | cut -c1-200)'"
    return
  fi
  E2E_KUBECTL_UR_JSON=$(e2e_kubectl get upreq -n "$E2E_APP_NS" "$E2E_KUBECTL_UR" -o json) || { e2e_fail "cannot read it"; return; }
  local n
  n=$(jq '.status.presignedPost.fields | length' <<<"$E2E_KUBECTL_UR_JSON")
  ((n >= 6)) || { e2e_fail "status.presignedPost has $n fields"; return; }
  [[ "$(jq -r '.status.presignedPost.url' <<<"$E2E_KUBECTL_UR_JSON")" == "$E2E_S3_ENDPOINT/"* ]] ||
    e2e_fail "the form's url is not S3Proxy's: $(jq -r '.status.presignedPost.url' <<<"$E2E_KUBECTL_UR_JSON")"
}

check_kubectl_request_upload() {
  [[ -n "${E2E_KUBECTL_UR_JSON:-}" ]] || { e2e_fail "no issued UploadRequest"; return; }
  local size
  size=$(jq -r '.spec.fileSize' <<<"$E2E_KUBECTL_UR_JSON")
  E2E_KUBECTL_FILE="$E2E_WORK/kubectl-upload.bin"
  e2e_make_file "$E2E_KUBECTL_FILE" "$size" || { e2e_fail "cannot make a $size-byte file"; return; }
  e2e_form_upload "$E2E_KUBECTL_UR_JSON" .status.presignedPost "$E2E_KUBECTL_FILE"
}

check_kubectl_request_uploaded() {
  [[ -n "${E2E_KUBECTL_UR_JSON:-}" ]] || { e2e_fail "no issued UploadRequest"; return; }
  local start=$SECONDS json
  # The operator looks 5 s after issuing, then backs off (a quarter of the age).
  if ! e2e_run e2e_kubectl wait -n "$E2E_APP_NS" --for=jsonpath='{.status.phase}'=Uploaded --timeout=90s \
    "uploadrequest/$E2E_KUBECTL_UR"; then
    e2e_fail "not Uploaded after 90 s: phase '$(e2e_kubectl get upreq -n "$E2E_APP_NS" "$E2E_KUBECTL_UR" -o jsonpath='{.status.phase}')'"
    return
  fi
  echo "Uploaded after $((SECONDS - start)) s of waiting"
  json=$(e2e_kubectl get upreq -n "$E2E_APP_NS" "$E2E_KUBECTL_UR" -o json) || { e2e_fail "cannot read it"; return; }
  [[ "$(jq -r '.status.object.size' <<<"$json")" == "$(stat -c %s "$E2E_KUBECTL_FILE")" ]] ||
    { e2e_fail "status.object.size is $(jq -r '.status.object.size' <<<"$json")"; return; }
  [[ -n "$(jq -r '.status.object.etag // empty' <<<"$json")" && -n "$(jq -r '.status.uploadedAt // empty' <<<"$json")" ]] ||
    e2e_fail "status has no object.etag or uploadedAt: $(jq -c '.status.object' <<<"$json")"
}

e2e_printer_header() {
  e2e_run e2e_kubectl get uploadrequests -n "$E2E_APP_NS" || { e2e_fail "kubectl get: $(e2e_out_tail)"; return; }
  E2E_HEADER=$(head -n 1 <<<"$E2E_OUT" | e2e_squash | sed 's/ $//')
}

check_printer_columns() {
  e2e_printer_header || return
  local col missing=""
  for col in PHASE CLASS KEY SIZE PARTS EXPIRES AGE; do
    [[ " $E2E_HEADER " == *" $col "* ]] || missing+=" $col"
  done
  [[ -z "$missing" ]] || { e2e_fail "missing$missing in: $E2E_HEADER"; return; }
  grep -q "^$E2E_KUBECTL_UR .*Uploaded" <<<"$E2E_OUT" || e2e_fail "no Uploaded row for $E2E_KUBECTL_UR"
}

check_printer_column_order() {
  e2e_printer_header || return
  [[ "$E2E_HEADER" == "NAME PHASE CLASS KEY SIZE PARTS EXPIRES AGE" ]] ||
    e2e_fail "kubectl prints $E2E_HEADER (the CRD's additionalPrinterColumns order: $(e2e_kubectl get crd uploadrequests.uploads.presign.dev \
      -o jsonpath='{.spec.versions[0].additionalPrinterColumns[*].name}'))"
}

check_request_events() {
  local reasons
  e2e_run e2e_kubectl get events -n "$E2E_APP_NS" || { e2e_fail "kubectl get events: $(e2e_out_tail)"; return; }
  reasons=$(e2e_kubectl get events -n "$E2E_APP_NS" --field-selector "involvedObject.name=$E2E_KUBECTL_UR" \
    -o jsonpath='{range .items[*]}{.reason}{"\n"}{end}')
  if ! grep -qx Issued <<<"$reasons" || ! grep -qx Uploaded <<<"$reasons"; then
    e2e_fail "event reasons for $E2E_KUBECTL_UR: $(e2e_squash <<<"$reasons")"
  fi
}

check_lease() {
  local holder
  holder=$(e2e_kubectl get lease -n "$E2E_RELEASE_NS" "$E2E_OPERATOR_LEASE" -o jsonpath='{.spec.holderIdentity}' 2>&1) ||
    { e2e_fail "no Lease $E2E_OPERATOR_LEASE: $holder"; return; }
  echo "holder: $holder"
  [[ "$holder" == "$E2E_OPERATOR_POD_NAME" ]] || e2e_fail "held by '$holder', not $E2E_OPERATOR_POD_NAME"
}

# Checks the operator's log from line E2E_OPERATOR_LOG_CHECKED on: a permission
# the chart lacks shows up as a Forbidden (403) error.
check_operator_log() {
  [[ -f "${E2E_OPERATOR_LOG:-}" ]] || { e2e_fail "no operator log"; return; }
  local new bad
  new=$(tail -n +"$((${E2E_OPERATOR_LOG_CHECKED:-0} + 1))" "$E2E_OPERATOR_LOG")
  E2E_OPERATOR_LOG_CHECKED=$(wc -l <"$E2E_OPERATOR_LOG")
  bad=$(grep -E '[Ff]orbidden|^[^ ]+ ERROR ' <<<"$new")
  grep -E '^[^ ]+ WARN ' <<<"$new" | sed 's/^/warning in the log: /' | cut -c1-300 | head -n 5
  [[ -z "$bad" ]] || e2e_fail "$(wc -l <<<"$bad") bad line(s), first: $(head -n 1 <<<"$bad" | cut -c1-300)"
}
