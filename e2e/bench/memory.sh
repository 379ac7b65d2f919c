# shellcheck shell=bash
# Benchmark phase "memory" (not part of the default run: `e2e/run.sh memory`, or
# scripts/bench-e2e-memory.sh). The operator runs with the chart's JVM options and
# the heap a 384Mi memory limit gives it (-Xmx192m, exit on OutOfMemoryError).
# Then an admin creates PRESIGN_E2E_MEMORY_REQUESTS (2000) UploadRequests in
# team-a, each carrying PRESIGN_E2E_MEMORY_ANNOTATION_BYTES (262000, just under
# the API server's 256 KiB limit for all annotations) of annotations. Measures:
# creates, all Issued, the operator still the same process, HTTP still
# answering (team-b's app creates an upload and reads it back), heap after a
# full GC; then a restart of the operator with all of them in place (the
# initial list must fit) and the same figures again. docs/performance.md.

E2E_MEMORY_NS=team-a
E2E_MEMORY_CALLER_NS=team-b
E2E_MEMORY_REQUESTS="${PRESIGN_E2E_MEMORY_REQUESTS:-2000}"
E2E_MEMORY_ANNOTATION_BYTES="${PRESIGN_E2E_MEMORY_ANNOTATION_BYTES:-262000}"
E2E_MEMORY_PARALLEL="${PRESIGN_E2E_MEMORY_PARALLEL:-4}"
E2E_MEMORY_TIMEOUT="${PRESIGN_E2E_MEMORY_TIMEOUT:-900}"
E2E_MEMORY_HEAP="${PRESIGN_E2E_MEMORY_HEAP:--Xmx192m}"

e2e_phase_memory() {
  # The chart's JAVA_TOOL_OPTIONS size the heap from the container's limit; here the host's.
  E2E_OPERATOR_JAVA_OPTS_EXTRA="$E2E_MEMORY_HEAP"
  e2e_step "S3Proxy and the operator running with $E2E_MEMORY_HEAP" e2e_operator_up || return
  e2e_step "namespaces $E2E_MEMORY_NS and $E2E_MEMORY_CALLER_NS with their app ServiceAccounts" memory_callers || return
  E2E_MEMORY_PID=$E2E_OPERATOR_PID
  e2e_check "figures with the example request only" memory_figures "before the load"
  e2e_check "$E2E_MEMORY_REQUESTS UploadRequests with $E2E_MEMORY_ANNOTATION_BYTES bytes of annotations each are created" memory_create
  e2e_check "all $E2E_MEMORY_REQUESTS are Issued" memory_all_issued
  e2e_check "the operator is the same process, and its log has no OutOfMemoryError" memory_same_process
  e2e_check "HTTP still answers: team-b's app creates an upload (201) and reads it back (200)" memory_http
  e2e_check "figures with $E2E_MEMORY_REQUESTS hostile requests cached" memory_figures "under load"
  e2e_step "restart the operator with all of them in place" memory_restart || return
  e2e_check "the restarted operator stays up 30 s and answers /readyz" memory_stays_up
  e2e_check "HTTP answers after the restart" memory_http
  e2e_check "figures after the restart" memory_figures "after restart"
}

memory_callers() {
  local manifest
  manifest="$(e2e_uploader_manifest "$E2E_MEMORY_NS")
$(e2e_uploader_manifest "$E2E_MEMORY_CALLER_NS")"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  E2E_MEMORY_TOKEN=$(e2e_app_token "$E2E_MEMORY_CALLER_NS" app) || e2e_fail "kubectl create token"
}

# One body for every create: generateName gives each its own name.
memory_create() {
  local body="$E2E_WORK/memory-request.json" start
  jq -cn --argjson n "$E2E_MEMORY_ANNOTATION_BYTES" '{
      apiVersion: "uploads.presign.dev/v1alpha1", kind: "UploadRequest",
      metadata: {generateName: "bloat-", annotations: {"example.com/blob": ("x" * $n)}},
      spec: {originalFileName: "bloat.bin", fileSize: 1024}}' >"$body" || { e2e_fail "jq"; return; }
  start=$(date +%s.%N)
  local url="$E2E_APISERVER_URL/apis/uploads.presign.dev/v1alpha1/namespaces/$E2E_MEMORY_NS/uploadrequests"
  # shellcheck disable=SC2016
  # sh -c SCRIPT pki body url n1 n2 ...: one create per number.
  seq "$E2E_MEMORY_REQUESTS" | timeout "$E2E_MEMORY_TIMEOUT" xargs -P "$E2E_MEMORY_PARALLEL" -n 25 sh -c '
    pki=$0 body=$1 url=$2
    shift 2
    for i; do
      curl -fsS --max-time 30 -o /dev/null --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
        -H "Content-Type: application/json" --data-binary @"$body" "$url" || exit 255
    done' "$E2E_PKI" "$body" "$url" ||
    { e2e_fail "a create failed or the creates took over $E2E_MEMORY_TIMEOUT s"; return; }
  echo "created $E2E_MEMORY_REQUESTS in $(echo "$(date +%s.%N) - $start" | bc) s"
}

# Table output (server-side printing): the PHASE column, without the annotations.
memory_issued_count() {
  e2e_kubectl get uploadrequests -n "$E2E_MEMORY_NS" --no-headers 2>/dev/null | awk '$2 == "Issued"' | wc -l
}

memory_all_issued() {
  local deadline=$(($(date +%s) + E2E_MEMORY_TIMEOUT)) n=0 start=$SECONDS
  while (($(date +%s) < deadline)); do
    n=$(memory_issued_count)
    ((n >= E2E_MEMORY_REQUESTS)) && { echo "all $n Issued $((SECONDS - start)) s after the last create"; return 0; }
    e2e_process_alive "$E2E_OPERATOR_PID" || { e2e_fail "the operator exited with $n Issued"; return; }
    sleep 5
  done
  e2e_fail "$n of $E2E_MEMORY_REQUESTS Issued after $E2E_MEMORY_TIMEOUT s"
}

memory_same_process() {
  e2e_process_alive "$E2E_MEMORY_PID" && [[ "$E2E_OPERATOR_PID" == "$E2E_MEMORY_PID" ]] ||
    { e2e_fail "the operator (pid $E2E_MEMORY_PID) is gone: $(grep -m1 -E 'java.lang.OutOfMemoryError|Terminating due to' "$E2E_OPERATOR_LOG")"; return; }
  # Not the command line's -XX:+ExitOnOutOfMemoryError: the error itself.
  ! grep -qE 'java.lang.OutOfMemoryError|Terminating due to' "$E2E_OPERATOR_LOG" ||
    e2e_fail "the log has: $(grep -m1 -E 'java.lang.OutOfMemoryError|Terminating due to' "$E2E_OPERATOR_LOG")"
}

memory_http() {
  local id
  e2e_api POST /api/v1/uploads/ "$E2E_MEMORY_TOKEN" '{"original_file_name": "after-load.pdf", "file_size": "1000"}' ||
    { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  id=$(jq -r .id <<<"$E2E_HTTP_BODY")
  e2e_api GET "/api/v1/uploads/$id" "$E2E_MEMORY_TOKEN" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200
}

# Heap used after a full GC (jcmd GC.run, then GC.heap_info: the sum of the generations' "used"),
# the process's resident set, and the heap limit, printed for docs/performance.md.
memory_figures() {
  local pid=$E2E_OPERATOR_PID used rss
  e2e_process_alive "$pid" || { e2e_fail "the operator is not running"; return; }
  jcmd "$pid" GC.run >/dev/null || { e2e_fail "jcmd GC.run"; return; }
  used=$(jcmd "$pid" GC.heap_info | grep generation | grep -oE 'used [0-9]+K' | awk '{s += $2} END {print s}')
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  echo "FIGURE $1: heap used after full GC $((used / 1024)) MiB, RSS $((rss / 1024)) MiB, $(memory_issued_count) Issued in $E2E_MEMORY_NS"
  e2e_note "memory $1: heap after GC $((used / 1024)) MiB, RSS $((rss / 1024)) MiB"
}

memory_restart() {
  e2e_operator_stop
  local start=$SECONDS
  e2e_operator_up || return
  E2E_MEMORY_PID=$E2E_OPERATOR_PID
  echo "ready again $((SECONDS - start)) s after the restart"
  e2e_note "restarted operator ready in $((SECONDS - start)) s"
}

memory_stays_up() {
  sleep 30
  memory_same_process || return
  [[ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$E2E_OPERATOR_URL/readyz")" == 200 ]] || e2e_fail "/readyz not 200"
}
