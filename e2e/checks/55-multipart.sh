# shellcheck shell=bash
# Phase "multipart": a multipart upload on the real control plane (issue 12).
# An UploadRequest created with kubectl from examples/upload-request-multipart.yaml
# (spec.multipart: true, 12 MiB) gets its uploadId, part size and part count in
# status from the operator's CreateMultipartUpload against S3Proxy; the app signs
# its parts over HTTP through the Companion S3 routes with a real ServiceAccount
# token (TokenReview + SubjectAccessReview by the API server), PUTs them to
# S3Proxy, which checks each part URL's signature, and completes it: Uploaded.
# Also: the CRD's bounds on spec.partSize are enforced by the API server, and a
# kubectl delete aborts the multipart upload through the finalizer, with only the
# chart's RBAC. Callers:
#   team-m/app   Role uploader (create, get uploadrequests) in the upload's namespace
#   team-n/app   the same Role in another namespace

e2e_register_phase multipart

E2E_MP_NS=team-m
E2E_MP_OTHER_NS=team-n
E2E_MP_EXAMPLE=upload-request-multipart.yaml
# Where the operator's HTTP API mounts Uppy Companion's S3 routes (HttpApi.COMPANION_PATH + /s3).
E2E_MP_COMPANION=/api/v1/companion/s3
E2E_MP_MIN_PART=$((5 * 1024 * 1024))

e2e_phase_multipart() {
  e2e_step "the operator is running (from an earlier phase, or started now)" e2e_operator_up || return
  e2e_step "namespaces $E2E_MP_NS and $E2E_MP_OTHER_NS, each with ServiceAccount app (create, get uploadrequests), and their tokens" e2e_mp_callers || return
  E2E_OPERATOR_LOG_CHECKED=$(wc -l <"$E2E_OPERATOR_LOG")
  e2e_check "a multipart UploadRequest with spec.partSize below 5 MiB is refused by the API server, naming spec.partSize" check_mp_part_size_too_small
  e2e_check "a multipart UploadRequest with spec.partSize above 5 GiB is refused by the API server, naming spec.partSize" check_mp_part_size_too_large
  e2e_check "a multipart UploadRequest whose partSize makes over 10,000 parts passes the API server and is Failed by the operator, naming spec.partSize" check_mp_too_many_parts
  e2e_check "examples/$E2E_MP_EXAMPLE applied with kubectl reaches Issued with status.multipart (uploadId, partSize 5 MiB, partCount 3) and no signed form" check_mp_issued
  e2e_check "the uploadId in status is an open multipart upload in S3Proxy (ListMultipartUploads), with no parts yet" check_mp_upload_in_s3
  e2e_check "kubectl get upreq shows the CRD's multipart column with the request's parts" check_mp_printer_column
  e2e_check "kubectl describe upreq says how the parts are signed" check_mp_describe
  e2e_check "app's token: GET $E2E_MP_COMPANION/multipart/{uploadId}/{n}?key= signs each part: {url, expires}, a URL on S3Proxy for this uploadId and part number" check_mp_sign_parts
  e2e_check "app's token: GET $E2E_MP_COMPANION/multipart/{uploadId}/batch?key=&partNumbers=1,2 answers {presignedUrls} for both parts" check_mp_sign_batch
  e2e_check "each part PUT to its signed URL is accepted by S3Proxy with an ETag" check_mp_put_parts
  e2e_check "part 1's signed URL with partNumber=2 in its query is refused by S3Proxy (the signature binds the part number)" check_mp_url_bound_to_part
  e2e_check "GET $E2E_MP_COMPANION/multipart/{uploadId}?key= lists the 3 parts S3 has, with their ETags and sizes" check_mp_list_parts
  e2e_check "team-n's app cannot sign a part of team-m's upload (404), and a key that is not the upload's is refused (4xx, error and message)" check_mp_refusals
  e2e_check "POST $E2E_MP_COMPANION/multipart/{uploadId}/complete?key= answers {location, key, bucket} and the UploadRequest is Uploaded with the file's size" check_mp_complete
  e2e_check "GET /api/v1/uploads/{id}/download-url returns the 12 MiB file byte for byte" check_mp_download
  e2e_check "kubectl delete of an Issued multipart UploadRequest aborts its upload (S3Proxy lists it no more) and the request is gone (the finalizer let go)" check_mp_delete_aborts
  e2e_check "the operator's log has no Forbidden and no ERROR line (multipart phase)" check_operator_log
}

e2e_mp_callers() {
  local ns manifest=""
  for ns in "$E2E_MP_NS" "$E2E_MP_OTHER_NS"; do
    manifest+="$(e2e_uploader_manifest "$ns")
"
  done
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  if ! E2E_TOKEN_MP_APP=$(e2e_app_token "$E2E_MP_NS" app) ||
    ! E2E_TOKEN_MP_OTHER=$(e2e_app_token "$E2E_MP_OTHER_NS" app); then
    e2e_fail "kubectl create token failed"
  fi
}

# e2e_mp_manifest NAME MERGE_PATCH: the example, named NAME, with the patch applied.
e2e_mp_manifest() {
  e2e_kubectl patch --local -f "$E2E_EXAMPLES/$E2E_MP_EXAMPLE" --type merge -o yaml \
    -p "{\"metadata\":{\"name\":\"$1\"}}" | e2e_kubectl patch --local -f - --type merge -o yaml -p "$2"
}

# e2e_mp_expect_part_size_refused NAME PART_SIZE: a server-side dry run of the
# example with spec.partSize = PART_SIZE must be refused as invalid, naming the field.
e2e_mp_expect_part_size_refused() {
  local manifest
  manifest=$(e2e_mp_manifest "$1" "{\"spec\":{\"partSize\":$2}}") ||
    { e2e_fail "cannot build the manifest from examples/$E2E_MP_EXAMPLE"; return; }
  printf '%s\n' "$manifest"
  if e2e_run e2e_kubectl create --dry-run=server -n "$E2E_MP_NS" -f - <<<"$manifest"; then
    e2e_fail "the API server accepted partSize $2"
    return
  fi
  grep -q 'partSize' <<<"$E2E_OUT" || { e2e_fail "refused, but the message does not name partSize: $(e2e_out_tail)"; return; }
  grep -qi 'invalid' <<<"$E2E_OUT" || e2e_fail "refused, but not as invalid: $(e2e_out_tail)"
}

check_mp_part_size_too_small() {
  e2e_mp_expect_part_size_refused part-size-small $((1024 * 1024))
}

check_mp_part_size_too_large() {
  e2e_mp_expect_part_size_refused part-size-large $((5 * 1024 * 1024 * 1024 + 1))
}

# The bounds the schema cannot express (at most 10,000 parts depends on fileSize too) are the
# operator's: the request is admitted, then Failed with a reason that names the field.
check_mp_too_many_parts() {
  local name=too-many-parts manifest json
  # 60 GiB in 5 MiB parts: 12,288 parts. Nothing is uploaded.
  manifest=$(e2e_mp_manifest "$name" "{\"spec\":{\"fileSize\":$((60 * 1024 * 1024 * 1024)),\"partSize\":$E2E_MP_MIN_PART}}") ||
    { e2e_fail "cannot build the manifest"; return; }
  e2e_run e2e_kubectl create -n "$E2E_MP_NS" -f - <<<"$manifest" || { e2e_fail "the API server refused it: $(e2e_out_tail)"; return; }
  if ! e2e_run e2e_kubectl wait -n "$E2E_MP_NS" --for=jsonpath='{.status.phase}'=Failed --timeout=60s "uploadrequest/$name"; then
    e2e_fail "not Failed after 60 s: phase '$(e2e_kubectl get upreq -n "$E2E_MP_NS" "$name" -o jsonpath='{.status.phase}')'"
    return
  fi
  json=$(e2e_kubectl get upreq -n "$E2E_MP_NS" "$name" -o json) || { e2e_fail "cannot read it"; return; }
  jq -c '.status.conditions' <<<"$json"
  jq -e '.status.conditions[] | select(.message | test("partSize"))' <<<"$json" >/dev/null ||
    { e2e_fail "no condition names partSize: $(jq -c '[.status.conditions[] | {reason, message}]' <<<"$json" | cut -c1-250)"; return; }
  if jq -e '.status.multipart.uploadId' <<<"$json" >/dev/null; then
    e2e_fail "a multipart upload was started for it"
  fi
}

check_mp_issued() {
  [[ -f "$E2E_EXAMPLES/$E2E_MP_EXAMPLE" ]] || { e2e_fail "no examples/$E2E_MP_EXAMPLE"; return; }
  e2e_run e2e_kubectl apply -n "$E2E_MP_NS" -f "$E2E_EXAMPLES/$E2E_MP_EXAMPLE" -o name ||
    { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_MP_NAME=${E2E_OUT##*/}
  if ! e2e_run e2e_kubectl wait -n "$E2E_MP_NS" --for=jsonpath='{.status.phase}'=Issued --timeout=60s \
    "uploadrequest/$E2E_MP_NAME"; then
    e2e_fail "not Issued after 60 s: $(e2e_kubectl get upreq -n "$E2E_MP_NS" "$E2E_MP_NAME" -o jsonpath='{.status.phase} {.status.conditions[0].message}' | cut -c1-200)"
    return
  fi
  local json size part_size part_count want_count
  json=$(e2e_kubectl get upreq -n "$E2E_MP_NS" "$E2E_MP_NAME" -o json) || { e2e_fail "cannot read it"; return; }
  jq '{spec, status}' <<<"$json"
  [[ "$(jq -r '.spec.multipart' <<<"$json")" == true ]] || { e2e_fail "the example does not set spec.multipart: true"; return; }
  size=$(jq -r '.spec.fileSize' <<<"$json")
  E2E_MP_UPLOAD_ID=$(jq -r '.status.multipart.uploadId // empty' <<<"$json")
  part_size=$(jq -r '.status.multipart.partSize // empty' <<<"$json")
  part_count=$(jq -r '.status.multipart.partCount // empty' <<<"$json")
  E2E_MP_KEY=$(jq -r '.status.key // empty' <<<"$json")
  E2E_MP_ID=$(jq -r '.metadata.uid' <<<"$json")
  E2E_MP_SIZE=$size
  [[ -n "$E2E_MP_UPLOAD_ID" ]] || { e2e_fail "no status.multipart.uploadId: $(jq -c '.status.multipart' <<<"$json")"; return; }
  [[ -n "$E2E_MP_KEY" ]] || { e2e_fail "no status.key"; return; }
  # The contract's default: max(5 MiB, ceil(size / 10000)), what @uppy/aws-s3 computes too.
  [[ "$part_size" == "$E2E_MP_MIN_PART" ]] || { e2e_fail "status.multipart.partSize is '$part_size', not $E2E_MP_MIN_PART"; return; }
  want_count=$(((size + part_size - 1) / part_size))
  [[ "$part_count" == "$want_count" && "$want_count" == 3 ]] ||
    { e2e_fail "status.multipart.partCount is '$part_count' (fileSize $size: want 3)"; return; }
  E2E_MP_PART_SIZE=$part_size
  E2E_MP_PART_COUNT=$part_count
  if jq -e '.status | has("presignedPost") or has("presignedPut")' <<<"$json" >/dev/null; then
    e2e_fail "a multipart request carries a signed single-request form in status"
  fi
}

e2e_mp_need_issued() {
  [[ -n "${E2E_MP_UPLOAD_ID:-}" && -n "${E2E_MP_KEY:-}" ]] || e2e_fail "no Issued multipart UploadRequest"
}

# e2e_mp_key_query: the object key, URL-encoded for ?key=.
e2e_mp_key_query() { jq -rn --arg k "$E2E_MP_KEY" '$k | @uri'; }

# e2e_s3_signed METHOD PATH_AND_QUERY: a request to S3Proxy signed (curl
# --aws-sigv4) with the store's own credentials, i.e. what the operator's
# server-side calls see. Sets E2E_HTTP_STATUS and E2E_HTTP_BODY.
e2e_s3_signed() {
  local out="$E2E_WORK/s3-body"
  : >"$out"
  E2E_HTTP_STATUS=$(curl -sS --max-time 30 -o "$out" -w '%{http_code}' -X "$1" \
    --aws-sigv4 "aws:amz:us-east-1:s3" --user "$E2E_S3_ACCESS_KEY:$E2E_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" \
    "$E2E_S3_ENDPOINT$2" 2>&1)
  E2E_HTTP_BODY=$(cat "$out")
  printf '$ curl --aws-sigv4 -X %s %s%s\n%s\n[HTTP %s]\n' "$1" "$E2E_S3_ENDPOINT" "$2" "$E2E_HTTP_BODY" "$E2E_HTTP_STATUS"
}

# e2e_mp_s3_list_parts KEY UPLOAD_ID: ListParts straight on S3Proxy.
e2e_mp_s3_list_parts() {
  local key
  key=$(jq -rn --arg k "$1" '$k | split("/") | map(@uri) | join("/")')
  e2e_s3_signed GET "/$E2E_S3_BUCKET/$key?uploadId=$(jq -rn --arg u "$2" '$u | @uri')"
}

# e2e_mp_s3_open KEY UPLOAD_ID: true when S3Proxy lists UPLOAD_ID among the open multipart
# uploads of KEY (ListMultipartUploads; ListParts is no proof: S3Proxy still answered it with 200
# for an upload the operator had aborted).
e2e_mp_s3_open() {
  e2e_s3_signed GET "/$E2E_S3_BUCKET?prefix=$(jq -rn --arg k "$1" '$k | @uri')&uploads="
  [[ "$E2E_HTTP_STATUS" == 200 ]] ||
    { e2e_fail "ListMultipartUploads answered HTTP $E2E_HTTP_STATUS: $(tr -s '[:space:]' ' ' <<<"$E2E_HTTP_BODY" | cut -c1-200)"; return 2; }
  grep -q "<UploadId>$2</UploadId>" <<<"$E2E_HTTP_BODY"
}

check_mp_upload_in_s3() {
  e2e_mp_need_issued || return
  e2e_mp_s3_open "$E2E_MP_KEY" "$E2E_MP_UPLOAD_ID" || { [[ -n "$E2E_WHY" ]] || e2e_fail "S3Proxy lists no open upload $E2E_MP_UPLOAD_ID for the key"; return 1; }
  e2e_mp_s3_list_parts "$E2E_MP_KEY" "$E2E_MP_UPLOAD_ID"
  if grep -q '<Part>' <<<"$E2E_HTTP_BODY"; then
    e2e_fail "parts are listed before anything was uploaded"
  fi
}

# The column is found by its jsonPath in the CRD (status.multipart...), not by a
# name guessed here: the check then reads that column of the request's row.
check_mp_printer_column() {
  e2e_mp_need_issued || return
  local columns name index header row value
  columns=$(e2e_kubectl get crd uploadrequests.uploads.presign.dev -o json |
    jq -c '[.spec.versions[] | select(.name == "v1alpha1") | .additionalPrinterColumns[] | select(.priority // 0 | . == 0)]')
  echo "printer columns: $columns"
  name=$(jq -r '[.[] | select(.jsonPath | test("multipart"))][0].name // empty' <<<"$columns")
  [[ -n "$name" ]] || { e2e_fail "the CRD has no default printer column on status.multipart: $(jq -c '[.[].name]' <<<"$columns")"; return; }
  e2e_run e2e_kubectl get upreq -n "$E2E_MP_NS" "$E2E_MP_NAME" || { e2e_fail "kubectl get: $(e2e_out_tail)"; return; }
  header=$(head -n 1 <<<"$E2E_OUT" | e2e_squash)
  [[ " $header " == *" ${name^^} "* ]] || { e2e_fail "no ${name^^} in: $header"; return; }
  # Column values have no spaces except EXPIRES/AGE-like ones; read by the header's offset.
  index=$(awk -v col="${name^^}" 'NR == 1 { print index($0, col) }' <<<"$E2E_OUT")
  row=$(sed -n 2p <<<"$E2E_OUT")
  value=$(cut -c"$index"- <<<"$row" | awk '{ print $1 }')
  echo "${name^^} = '$value'"
  [[ "$value" == *"$E2E_MP_PART_COUNT"* ]] || e2e_fail "the ${name^^} column shows '$value', not the part count $E2E_MP_PART_COUNT"
}

check_mp_describe() {
  e2e_mp_need_issued || return
  e2e_run e2e_kubectl describe upreq -n "$E2E_MP_NS" "$E2E_MP_NAME" || { e2e_fail "kubectl describe: $(e2e_out_tail)"; return; }
  local text
  text=$(e2e_squash <<<"$E2E_OUT")
  [[ "$text" == *"$E2E_MP_UPLOAD_ID"* ]] || { e2e_fail "describe does not show the uploadId"; return; }
  grep -qiE 'parts? (are|is) signed' <<<"$text" || { e2e_fail "describe does not say how parts are signed"; return; }
  grep -qF "$E2E_MP_COMPANION/multipart/" <<<"$text" || e2e_fail "describe does not name the part-signing route $E2E_MP_COMPANION/multipart/..."
}

# e2e_mp_part_re N: a regex for "partNumber=N" as a query parameter of a URL.
e2e_mp_part_re() { printf '[?&]partNumber=%s(&|$)' "$1"; }

check_mp_sign_parts() {
  e2e_mp_need_issued || return
  local n url key_q expires
  key_q=$(e2e_mp_key_query)
  E2E_MP_URLS=()
  for ((n = 1; n <= E2E_MP_PART_COUNT; n++)); do
    e2e_api GET "$E2E_MP_COMPANION/multipart/$E2E_MP_UPLOAD_ID/$n?key=$key_q" "$E2E_TOKEN_MP_APP" ||
      { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
    e2e_expect_status 200 || return
    url=$(jq -r '.url // empty' <<<"$E2E_HTTP_BODY")
    expires=$(jq -r '.expires // empty' <<<"$E2E_HTTP_BODY")
    [[ -n "$url" && -n "$expires" ]] || { e2e_fail "part $n: no url or expires"; return; }
    [[ "$url" == "$E2E_S3_ENDPOINT/"* ]] || { e2e_fail "part $n: the URL is not S3Proxy's: ${url%%\?*}"; return; }
    [[ "$url" == *"uploadId=$(jq -rn --arg u "$E2E_MP_UPLOAD_ID" '$u | @uri')"* && "$url" =~ $(e2e_mp_part_re "$n") ]] ||
      { e2e_fail "part $n: the URL is not for uploadId $E2E_MP_UPLOAD_ID, part $n: ${url%%X-Amz-*}"; return; }
    [[ "$url" == *X-Amz-Signature=* ]] || { e2e_fail "part $n: the URL is not signed"; return; }
    E2E_MP_URLS[n]=$url
  done
}

check_mp_sign_batch() {
  e2e_mp_need_issued || return
  e2e_api GET "$E2E_MP_COMPANION/multipart/$E2E_MP_UPLOAD_ID/batch?key=$(e2e_mp_key_query)&partNumbers=1,2" "$E2E_TOKEN_MP_APP" ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  local n url
  for n in 1 2; do
    url=$(jq -r --arg n "$n" '.presignedUrls[$n] // empty' <<<"$E2E_HTTP_BODY")
    [[ "$url" == "$E2E_S3_ENDPOINT/"* && "$url" =~ $(e2e_mp_part_re "$n") ]] ||
      { e2e_fail "presignedUrls[\"$n\"] is not a URL for part $n: ${url%%X-Amz-*}"; return; }
  done
}

check_mp_put_parts() {
  e2e_mp_need_issued || return
  ((${#E2E_MP_URLS[@]} == E2E_MP_PART_COUNT)) || { e2e_fail "not every part was signed"; return; }
  E2E_MP_FILE="$E2E_WORK/multipart.bin"
  e2e_make_file "$E2E_MP_FILE" "$E2E_MP_SIZE" || { e2e_fail "cannot make a $E2E_MP_SIZE-byte file"; return; }
  rm -f "$E2E_WORK"/multipart.part.*
  split -b "$E2E_MP_PART_SIZE" -d -a 3 "$E2E_MP_FILE" "$E2E_WORK/multipart.part." ||
    { e2e_fail "split failed"; return; }
  local n part etag
  E2E_MP_ETAGS=()
  for ((n = 1; n <= E2E_MP_PART_COUNT; n++)); do
    printf -v part '%s/multipart.part.%03d' "$E2E_WORK" $((n - 1))
    e2e_mp_put "${E2E_MP_URLS[n]}" "$part" || return
    etag=$(grep -i '^etag:' <<<"$E2E_HTTP_HEADERS" | head -n 1 | cut -d' ' -f2-)
    [[ -n "$etag" ]] || { e2e_fail "part $n: S3Proxy answered without an ETag"; return; }
    E2E_MP_ETAGS[n]=$etag
  done
  printf 'ETags: %s\n' "${E2E_MP_ETAGS[*]}"
}

# e2e_mp_put URL FILE: PUTs FILE to URL as a browser would (no signing of our
# own). Sets E2E_HTTP_STATUS, E2E_HTTP_BODY, E2E_HTTP_HEADERS; fails unless 2xx.
e2e_mp_put() {
  local out="$E2E_WORK/s3-body" headers="$E2E_WORK/s3-headers"
  : >"$out"
  : >"$headers"
  E2E_HTTP_STATUS=$(curl -sS --max-time 60 -o "$out" -D "$headers" -w '%{http_code}' -X PUT \
    -H 'Content-Type:' --data-binary "@$2" "$1" 2>&1)
  E2E_HTTP_BODY=$(cat "$out")
  E2E_HTTP_HEADERS=$(tr -d '\r' <"$headers")
  # The URL is a bearer credential: only its path and the part number go to the log.
  printf '$ curl -X PUT (%s bytes) %s?...partNumber=%s...\n%s\n[HTTP %s]\n' "$(stat -c %s "$2")" "${1%%\?*}" \
    "$(sed -n 's/.*[?&]partNumber=\([0-9]*\).*/\1/p' <<<"$1")" "$E2E_HTTP_BODY" "$E2E_HTTP_STATUS"
  [[ "$E2E_HTTP_STATUS" =~ ^2[0-9][0-9]$ ]] ||
    e2e_fail "S3 answered HTTP $E2E_HTTP_STATUS: $(tr -s '[:space:]' ' ' <<<"$E2E_HTTP_BODY" | cut -c1-200)"
}

check_mp_url_bound_to_part() {
  e2e_mp_need_issued || return
  [[ -n "${E2E_MP_URLS[1]:-}" && -n "${E2E_MP_FILE:-}" ]] || { e2e_fail "no signed part URL"; return; }
  local forged part="$E2E_WORK/multipart.part.001"
  forged=$(sed -E 's/([?&])partNumber=1(&|$)/\1partNumber=2\2/' <<<"${E2E_MP_URLS[1]}")
  [[ "$forged" != "${E2E_MP_URLS[1]}" ]] || { e2e_fail "could not change the part number in the URL"; return; }
  if e2e_mp_put "$forged" "$part"; then
    e2e_fail "S3Proxy accepted part 2's bytes through part 1's URL"
    return
  fi
  [[ "$E2E_HTTP_STATUS" == 403 ]] || { e2e_fail "refused with HTTP $E2E_HTTP_STATUS, not 403"; return; }
  # Part 2 must still hold what was uploaded through its own URL.
  e2e_mp_s3_list_parts "$E2E_MP_KEY" "$E2E_MP_UPLOAD_ID"
  grep -qF "${E2E_MP_ETAGS[2]}" <<<"${E2E_HTTP_BODY//&quot;/\"}" ||
    e2e_fail "part 2's ETag changed after the refused PUT"
}

check_mp_list_parts() {
  e2e_mp_need_issued || return
  ((${#E2E_MP_ETAGS[@]} == E2E_MP_PART_COUNT)) || { e2e_fail "not every part was uploaded"; return; }
  e2e_api GET "$E2E_MP_COMPANION/multipart/$E2E_MP_UPLOAD_ID?key=$(e2e_mp_key_query)" "$E2E_TOKEN_MP_APP" ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  local n want_size got
  [[ "$(jq -r 'if type == "array" then length else "not an array" end' <<<"$E2E_HTTP_BODY")" == "$E2E_MP_PART_COUNT" ]] ||
    { e2e_fail "not a JSON array of $E2E_MP_PART_COUNT parts"; return; }
  for ((n = 1; n <= E2E_MP_PART_COUNT; n++)); do
    want_size=$E2E_MP_PART_SIZE
    ((n == E2E_MP_PART_COUNT)) && want_size=$((E2E_MP_SIZE - (n - 1) * E2E_MP_PART_SIZE))
    # The ETag as S3 gave it to the PUT (in quotes), as Companion's list passes it on.
    got=$(jq -c --argjson n "$n" '.[] | select(.PartNumber == $n) | [.ETag, .Size]' <<<"$E2E_HTTP_BODY")
    [[ "$got" == "$(jq -nc --arg e "${E2E_MP_ETAGS[n]}" --argjson s "$want_size" '[$e, $s]')" ]] ||
      { e2e_fail "part $n is listed as $got, uploaded as [${E2E_MP_ETAGS[n]}, $want_size]"; return; }
  done
}

check_mp_refusals() {
  e2e_mp_need_issued || return
  e2e_api GET "$E2E_MP_COMPANION/multipart/$E2E_MP_UPLOAD_ID/1?key=$(e2e_mp_key_query)" "$E2E_TOKEN_MP_OTHER" ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 404 || return
  e2e_mp_no_url_in_body || return
  e2e_api GET "$E2E_MP_COMPANION/multipart/$E2E_MP_UPLOAD_ID/1?key=$(jq -rn --arg k "${E2E_MP_KEY%/*}/someone-else.bin" '$k | @uri')" \
    "$E2E_TOKEN_MP_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  [[ "$E2E_HTTP_STATUS" =~ ^4[0-9][0-9]$ ]] || { e2e_fail "another key: HTTP $E2E_HTTP_STATUS, not 4xx"; return; }
  e2e_mp_no_url_in_body || return
  jq -e '(.error | type == "string") and (.message | type == "string")' <<<"$E2E_HTTP_BODY" >/dev/null ||
    e2e_fail "the refusal does not carry both error and message: $(cut -c1-200 <<<"$E2E_HTTP_BODY")"
}

e2e_mp_no_url_in_body() {
  if grep -qE 'X-Amz-Signature|"url"|presignedUrls' <<<"$E2E_HTTP_BODY"; then
    e2e_fail "the refusal carries a signed URL"
  fi
}

check_mp_complete() {
  e2e_mp_need_issued || return
  ((${#E2E_MP_ETAGS[@]} == E2E_MP_PART_COUNT)) || { e2e_fail "not every part was uploaded"; return; }
  local parts="[" n body json
  for ((n = 1; n <= E2E_MP_PART_COUNT; n++)); do
    parts+="$(jq -nc --argjson n "$n" --arg e "${E2E_MP_ETAGS[n]}" '{PartNumber: $n, ETag: $e}')"
    ((n < E2E_MP_PART_COUNT)) && parts+=","
  done
  body="{\"parts\": $parts]}"
  e2e_api POST "$E2E_MP_COMPANION/multipart/$E2E_MP_UPLOAD_ID/complete?key=$(e2e_mp_key_query)" "$E2E_TOKEN_MP_APP" "$body" ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  [[ "$(jq -r '.key' <<<"$E2E_HTTP_BODY")" == "$E2E_MP_KEY" && "$(jq -r '.bucket' <<<"$E2E_HTTP_BODY")" == "$E2E_S3_BUCKET" ]] ||
    { e2e_fail "the answer names key $(jq -r '.key' <<<"$E2E_HTTP_BODY") in $(jq -r '.bucket' <<<"$E2E_HTTP_BODY")"; return; }
  [[ -n "$(jq -r '.location // empty' <<<"$E2E_HTTP_BODY")" ]] || { e2e_fail "no location"; return; }
  if ! e2e_run e2e_kubectl wait -n "$E2E_MP_NS" --for=jsonpath='{.status.phase}'=Uploaded --timeout=30s \
    "uploadrequest/$E2E_MP_NAME"; then
    e2e_fail "not Uploaded: phase '$(e2e_kubectl get upreq -n "$E2E_MP_NS" "$E2E_MP_NAME" -o jsonpath='{.status.phase}')'"
    return
  fi
  json=$(e2e_kubectl get upreq -n "$E2E_MP_NS" "$E2E_MP_NAME" -o json) || { e2e_fail "cannot read it"; return; }
  [[ "$(jq -r '.status.object.size' <<<"$json")" == "$E2E_MP_SIZE" ]] ||
    e2e_fail "status.object.size is $(jq -r '.status.object.size' <<<"$json"), not $E2E_MP_SIZE"
}

check_mp_download() {
  [[ -n "${E2E_MP_FILE:-}" && -n "${E2E_MP_ID:-}" ]] || { e2e_fail "no completed upload"; return; }
  e2e_api GET "/api/v1/uploads/$E2E_MP_ID/download-url" "$E2E_TOKEN_MP_APP" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  local url back="$E2E_WORK/multipart.back"
  url=$(jq -r '.url // empty' <<<"$E2E_HTTP_BODY")
  [[ -n "$url" ]] || { e2e_fail "no url"; return; }
  curl -sS --max-time 60 -o "$back" "$url" || { e2e_fail "GET of the download URL failed"; return; }
  cmp "$E2E_MP_FILE" "$back" || e2e_fail "the downloaded object differs from the uploaded file ($(stat -c %s "$back") bytes)"
}

check_mp_delete_aborts() {
  local name=multipart-deleted json upload_id key
  e2e_run e2e_kubectl create -n "$E2E_MP_NS" -f - <<<"$(e2e_mp_manifest "$name" '{}')" ||
    { e2e_fail "kubectl create: $(e2e_out_tail)"; return; }
  if ! e2e_run e2e_kubectl wait -n "$E2E_MP_NS" --for=jsonpath='{.status.phase}'=Issued --timeout=60s "uploadrequest/$name"; then
    e2e_fail "not Issued after 60 s"
    return
  fi
  json=$(e2e_kubectl get upreq -n "$E2E_MP_NS" "$name" -o json) || { e2e_fail "cannot read it"; return; }
  upload_id=$(jq -r '.status.multipart.uploadId // empty' <<<"$json")
  key=$(jq -r '.status.key // empty' <<<"$json")
  [[ -n "$upload_id" && -n "$key" ]] || { e2e_fail "no uploadId or key in status"; return; }
  echo "finalizers: $(jq -c '.metadata.finalizers' <<<"$json")"
  [[ "$(jq '.metadata.finalizers | length' <<<"$json")" -ge 1 ]] || { e2e_fail "the request has no finalizer"; return; }
  e2e_mp_s3_open "$key" "$upload_id" || { [[ -n "$E2E_WHY" ]] || e2e_fail "the upload is not open in S3Proxy before the delete"; return 1; }
  e2e_run e2e_kubectl delete upreq -n "$E2E_MP_NS" "$name" --timeout=60s ||
    { e2e_fail "kubectl delete did not finish within 60 s: $(e2e_out_tail) (finalizers: $(e2e_kubectl get upreq -n "$E2E_MP_NS" "$name" -o jsonpath='{.metadata.finalizers}' 2>&1))"; return; }
  e2e_mp_s3_open "$key" "$upload_id"
  case $? in
    0) e2e_fail "after the delete S3Proxy still lists upload $upload_id as open: not aborted" ;;
    1) return 0 ;;
    *) return 1 ;;
  esac
}
