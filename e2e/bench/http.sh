# shellcheck shell=bash
# Benchmark phase "httpbench" (not part of the default run: `e2e/run.sh httpbench`, or
# scripts/bench-e2e-http.sh). The name "http" belongs to the HTTP checks.
#
# Uploads per second on the real control plane: open-loop load at fixed rates (vegeta, so a
# slow answer does not slow the sender: no coordinated omission) on
#   operator  POST /api/v1/uploads/ with an app ServiceAccount's token (namespace bench-op);
#             each request creates a new UploadRequest, as the API does;
#   bare      POST of a ConfigMap padded to the size of an issued UploadRequest straight into the
#             API server, with generateName, with a ServiceAccount's token (namespace bench-bare):
#             the least the API server and etcd can do for one stored object;
# alternately per rate (operator 40, bare 40, operator 80, ...) in one run, so every ratio is
# against a baseline measured minutes apart on the same (shared, noisy) machine.
#
# Per run: latency percentiles, success and status codes (vegeta report); CPU of the operator JVM,
# kube-apiserver and etcd from /proc/<pid>/stat; the API server's request counts by verb and
# resource (apiserver_request_total) and etcd's size and keys (etcd /metrics). CPU and request
# counts run from the start of the attack to the end of the pause after it, so work the load left
# pending counts too. Prints `FIGURE ...` lines and a markdown table (docs/performance.md,
# "Uploads per second on a real API server"); raw results stay in $E2E_WORK/bench-http.
#
# Abuse limits of the operator are off (rate and outstanding per namespace = 0); the API
# server keeps the e2e control plane's settings (printed).

E2E_BENCH_OP_NS=bench-op
E2E_BENCH_BARE_NS=bench-bare
E2E_BENCH_RATES="${PRESIGN_BENCH_RATES:-40 80 120}"
E2E_BENCH_SECONDS="${PRESIGN_BENCH_SECONDS:-20}"
E2E_BENCH_PAUSE="${PRESIGN_BENCH_PAUSE:-10}"
E2E_BENCH_WARMUP_RATE="${PRESIGN_BENCH_WARMUP_RATE:-10}"
E2E_BENCH_WARMUP_SECONDS="${PRESIGN_BENCH_WARMUP_SECONDS:-5}"
E2E_BENCH_TARGETS="${PRESIGN_BENCH_TARGETS:-both}"
E2E_BENCH_JFR="${PRESIGN_BENCH_JFR:-0}"
# A request that takes longer is counted as an error (vegeta's status 0).
E2E_BENCH_REQUEST_TIMEOUT=15
E2E_BENCH_UPLOAD_BODY='{"original_file_name":"bench.pdf","file_size":"1000"}'

e2e_phase_httpbench() {
  e2e_step "benchmark settings are valid" bench_settings_valid || return
  e2e_step "vegeta $E2E_VEGETA_VERSION" e2e_ensure_vegeta || return
  E2E_BENCH_DIR="$E2E_WORK/bench-http"
  mkdir -p "$E2E_BENCH_DIR"
  # Abuse limits off: the benchmark measures the work per upload, not the limiter.
  E2E_OPERATOR_ENV_EXTRA="PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE=0 PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE=0"
  if [[ "$E2E_BENCH_JFR" == 1 ]]; then
    E2E_OPERATOR_JAVA_OPTS_EXTRA="-XX:StartFlightRecording=name=from-start,settings=profile"
  fi
  # An operator of an earlier phase runs without these settings.
  e2e_operator_stop
  e2e_step "S3Proxy and the operator running with abuse limits off${E2E_OPERATOR_JAVA_OPTS_EXTRA:+ and $E2E_OPERATOR_JAVA_OPTS_EXTRA}" e2e_operator_up || return
  e2e_step "namespaces $E2E_BENCH_OP_NS and $E2E_BENCH_BARE_NS with their ServiceAccounts" bench_callers || return
  e2e_step "targets: an issued UploadRequest measured, a ConfigMap padded to its size" bench_targets || return
  bench_print_setup
  e2e_check "warm-up: $E2E_BENCH_WARMUP_RATE/s for $E2E_BENCH_WARMUP_SECONDS s on each target (not reported)" bench_warmup
  # The profile to read covers the measured runs only (the recording from the start also holds
  # start-up and warm-up).
  if [[ "$E2E_BENCH_JFR" == 1 ]]; then
    e2e_step "JFR recording of the measured runs started" e2e_run jcmd "$E2E_OPERATOR_PID" JFR.start name=measured settings=profile ||
      return
  fi
  local rate target
  E2E_BENCH_RUNS=()
  for rate in $E2E_BENCH_RATES; do
    for target in $(bench_targets_list); do
      e2e_check "$target at $rate/s for $E2E_BENCH_SECONDS s, then $E2E_BENCH_PAUSE s to settle" bench_run "$target" "$rate" &&
        bench_figure "$target" "$rate"
    done
  done
  bench_table | tee "$E2E_BENCH_DIR/table.md"
  if [[ "$E2E_BENCH_JFR" == 1 ]]; then
    e2e_check "JFR recording of the operator dumped and summarised" bench_jfr_summary &&
      cat "$E2E_BENCH_DIR/jfr-hot-methods.txt"
  fi
  echo "raw vegeta results, reports, metric snapshots and the table: $E2E_BENCH_DIR"
  e2e_note "benchmark results in $E2E_BENCH_DIR"
  E2E_KEEP=1
  # A later phase of the same run (e.g. quota, which expects the chart's limits) starts its own.
  e2e_operator_stop
  E2E_OPERATOR_ENV_EXTRA=""
  E2E_OPERATOR_JAVA_OPTS_EXTRA=""
}

bench_targets_list() {
  case "$E2E_BENCH_TARGETS" in
    both) echo operator bare ;;
    *) echo "$E2E_BENCH_TARGETS" ;;
  esac
}

bench_settings_valid() {
  local r
  [[ -n "${E2E_BENCH_RATES// /}" ]] || { e2e_fail "PRESIGN_BENCH_RATES is empty; expected rates per second, e.g. '40 80 120'"; return; }
  for r in $E2E_BENCH_RATES; do
    [[ "$r" =~ ^[1-9][0-9]*$ ]] ||
      { e2e_fail "PRESIGN_BENCH_RATES: '$r' is not a positive whole number of requests per second (e.g. '40 80 120')"; return; }
  done
  for r in E2E_BENCH_SECONDS E2E_BENCH_WARMUP_RATE E2E_BENCH_WARMUP_SECONDS; do
    [[ "${!r}" =~ ^[1-9][0-9]*$ ]] ||
      { e2e_fail "PRESIGN_${r#E2E_}: '${!r}' is not a positive whole number"; return; }
  done
  [[ "$E2E_BENCH_PAUSE" =~ ^[0-9]+$ ]] || { e2e_fail "PRESIGN_BENCH_PAUSE: '$E2E_BENCH_PAUSE' is not a whole number of seconds"; return; }
  [[ "$E2E_BENCH_TARGETS" =~ ^(operator|bare|both)$ ]] ||
    { e2e_fail "PRESIGN_BENCH_TARGETS: '$E2E_BENCH_TARGETS' is not one of operator, bare, both"; return; }
  [[ "$E2E_BENCH_JFR" =~ ^[01]$ ]] || e2e_fail "PRESIGN_BENCH_JFR: '$E2E_BENCH_JFR' is not 0 or 1"
}

# bench-op: the uploader Role of the other phases. bench-bare: a ServiceAccount that may create
# ConfigMaps there, so the bare creates pay for token authentication and RBAC like the operator's
# own API calls do.
bench_callers() {
  local manifest
  manifest="$(e2e_uploader_manifest "$E2E_BENCH_OP_NS")
---
apiVersion: v1
kind: Namespace
metadata: {name: $E2E_BENCH_BARE_NS}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: $E2E_BENCH_BARE_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: configmap-creator, namespace: $E2E_BENCH_BARE_NS}
rules: [{apiGroups: [''], resources: [configmaps], verbs: [create, get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app-configmap-creator, namespace: $E2E_BENCH_BARE_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmap-creator}
subjects: [{kind: ServiceAccount, name: app, namespace: $E2E_BENCH_BARE_NS}]"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  # Tokens live in the targets files (mode 600) only, never on a command line or in a log.
  E2E_BENCH_OP_TOKEN=$(e2e_app_token "$E2E_BENCH_OP_NS" app) || { e2e_fail "kubectl create token ($E2E_BENCH_OP_NS/app)"; return; }
  E2E_BENCH_BARE_TOKEN=$(e2e_kubectl create token app -n "$E2E_BENCH_BARE_NS" --duration 2h) ||
    e2e_fail "kubectl create token ($E2E_BENCH_BARE_NS/app)"
}

# One upload through the API, its size as `kubectl get -o json` prints it; a ConfigMap with a
# `pad` value of the difference; a vegeta targets file (http format) and body per target.
bench_targets() {
  local d=$E2E_BENCH_DIR name empty padded probe
  e2e_api POST /api/v1/uploads/ "$E2E_BENCH_OP_TOKEN" "$E2E_BENCH_UPLOAD_BODY" >/dev/null || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  name=$(e2e_kubectl get uploadrequests -n "$E2E_BENCH_OP_NS" -o jsonpath='{.items[0].metadata.name}')
  [[ -n "$name" ]] || { e2e_fail "the upload made no UploadRequest in $E2E_BENCH_OP_NS"; return; }
  E2E_BENCH_UPLOAD_BYTES=$(e2e_kubectl get uploadrequests -n "$E2E_BENCH_OP_NS" "$name" -o json | wc -c)
  probe=$(jq -cn '{apiVersion: "v1", kind: "ConfigMap", metadata: {generateName: "probe-"}, data: {pad: ""}}' |
    e2e_kubectl create -n "$E2E_BENCH_BARE_NS" -f - -o name) || { e2e_fail "cannot create a probe ConfigMap"; return; }
  empty=$(e2e_kubectl get -n "$E2E_BENCH_BARE_NS" "$probe" -o json | wc -c)
  e2e_kubectl delete -n "$E2E_BENCH_BARE_NS" "$probe" >/dev/null
  E2E_BENCH_PAD=$((E2E_BENCH_UPLOAD_BYTES - empty))
  ((E2E_BENCH_PAD > 0)) || { e2e_fail "an issued UploadRequest ($E2E_BENCH_UPLOAD_BYTES bytes) is smaller than an empty ConfigMap ($empty)"; return; }
  jq -cn --argjson n "$E2E_BENCH_PAD" \
    '{apiVersion: "v1", kind: "ConfigMap", metadata: {generateName: "bench-"}, data: {pad: ("x" * $n)}}' >"$d/bare-body.json"
  printf '%s' "$E2E_BENCH_UPLOAD_BODY" >"$d/operator-body.json"
  probe=$(e2e_kubectl create -n "$E2E_BENCH_BARE_NS" -f "$d/bare-body.json" -o name) || { e2e_fail "cannot create a padded ConfigMap"; return; }
  padded=$(e2e_kubectl get -n "$E2E_BENCH_BARE_NS" "$probe" -o json | wc -c)
  e2e_kubectl delete -n "$E2E_BENCH_BARE_NS" "$probe" >/dev/null
  E2E_BENCH_BARE_BYTES=$padded
  echo "issued UploadRequest $E2E_BENCH_UPLOAD_BYTES bytes, padded ConfigMap $padded bytes (kubectl get -o json | wc -c)"
  (
    umask 077
    printf 'POST %s/api/v1/uploads/\nAuthorization: Bearer %s\nContent-Type: application/json\n@%s\n' \
      "$E2E_OPERATOR_URL" "$E2E_BENCH_OP_TOKEN" "$d/operator-body.json" >"$d/operator.targets"
    printf 'POST %s/api/v1/namespaces/%s/configmaps\nAuthorization: Bearer %s\nContent-Type: application/json\n@%s\n' \
      "$E2E_APISERVER_URL" "$E2E_BENCH_BARE_NS" "$E2E_BENCH_BARE_TOKEN" "$d/bare-body.json" >"$d/bare.targets"
  )
}

# The API server's concurrency limits as it logged its flags (--v 1), and what this run does.
bench_print_setup() {
  local flags
  flags=$(grep -oE 'FLAG: --(max-requests-inflight|max-mutating-requests-inflight|enable-priority-and-fairness|request-timeout)="[^"]*"' \
    "$E2E_LOGS/kube-apiserver.log" | sed 's/^FLAG: //' | tr '\n' ' ')
  echo "FIGURE setup: kube-apiserver $E2E_KUBE_VERSION, etcd $E2E_ETCD_VERSION, vegeta $E2E_VEGETA_VERSION; kube-apiserver limits: ${flags:-(flags not in its log)}"
  echo "FIGURE setup: rates ${E2E_BENCH_RATES// /, }/s, $E2E_BENCH_SECONDS s each, pause $E2E_BENCH_PAUSE s, targets $E2E_BENCH_TARGETS; issued UploadRequest $E2E_BENCH_UPLOAD_BYTES bytes, bare ConfigMap $E2E_BENCH_BARE_BYTES bytes; operator env: ${E2E_OPERATOR_ENV_EXTRA}; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_warmup() {
  local target
  for target in $(bench_targets_list); do
    bench_attack "$target" "$E2E_BENCH_WARMUP_RATE" "$E2E_BENCH_WARMUP_SECONDS" "$E2E_BENCH_DIR/warmup-$target" || return
    "$E2E_VEGETA" report "$E2E_BENCH_DIR/warmup-$target.bin"
  done
  sleep "$E2E_BENCH_PAUSE"
}

# bench_attack TARGET RATE SECONDS OUT: vegeta at a fixed rate into OUT.bin. Enough workers for
# every request of the longest wait in flight at once (rate x timeout), so the sender never waits.
# No response bodies in the results: the operator's hold a signed form.
bench_attack() {
  local target=$1 rate=$2 secs=$3 out=$4
  local -a args=(attack -name "$target-$rate" -targets "$E2E_BENCH_DIR/$target.targets"
    -rate "$rate/1s" -duration "${secs}s" -timeout "${E2E_BENCH_REQUEST_TIMEOUT}s" -max-body 0
    -workers "$rate" -max-workers "$((rate * (E2E_BENCH_REQUEST_TIMEOUT + 1)))" -output "$out.bin")
  [[ "$target" == bare ]] && args+=(-root-certs "$E2E_CA_FILE")
  # The load generator shares the cores: its CPU (children's times of this shell, which waits for
  # it) goes beside the others'. `times` in the main shell: a subshell starts with none.
  times >"$out.times-before"
  # A recorded process, waited for: on BENCH_TIMEOUT or Ctrl-C `wait` returns at once and the
  # harness's cleanup stops it with the rest (a foreground command would hold the trap back).
  e2e_start_process vegeta "$out.vegeta.log" \
    timeout "$((secs + E2E_BENCH_REQUEST_TIMEOUT + 60))" "$E2E_VEGETA" "${args[@]}" || return
  wait "$E2E_LAST_PID" || { e2e_fail "vegeta attack on $target at $rate/s failed or overran: $(tail -n 1 "$out.vegeta.log")"; return; }
  times >"$out.times-after"
  echo "cpu vegeta $(bench_children_seconds "$out.times-after") $(bench_children_seconds "$out.times-before")" |
    awk '{printf "%s %s %.3f\n", $1, $2, $3 - $4}' >"$out.generator-cpu"
}

# The children's user + system seconds from the output of `times` (second line: "0m1.5s 0m0.2s").
bench_children_seconds() {
  awk 'NR == 2 {s = 0; for (i = 1; i <= 2; i++) {split($i, a, /[ms]/); s += a[1] * 60 + a[2]} print s}' "$1"
}

# CPU ticks (utime + stime) of a process.
bench_cpu_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  # Field 2 (the command) may hold spaces: count from the last ')'.
  awk '{print $12 + $13}' <<<"${stat##*) }"
}

# bench_snapshot OUT: CPU ticks of the three processes, the API server's request counters
# (verb resource[/subresource] code -> count) and etcd's size and key figures.
bench_snapshot() {
  local out=$1
  {
    echo "cpu operator $(bench_cpu_ticks "$E2E_OPERATOR_PID")"
    echo "cpu apiserver $(bench_cpu_ticks "$E2E_APISERVER_PID")"
    echo "cpu etcd $(bench_cpu_ticks "$E2E_ETCD_PID")"
  } >"$out.cpu"
  e2e_cp_get /metrics >"$out.apiserver-metrics" || e2e_fail "cannot read the API server's /metrics"
  curl -fsS --max-time 10 "$E2E_ETCD_URL/metrics" >"$out.etcd-metrics" || e2e_fail "cannot read etcd's /metrics"
  awk '
    function label(name,  m) {
      if (match($0, name "=\"[^\"]*\"")) return substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
      return ""
    }
    /^apiserver_request_total\{/ {
      r = label("resource"); if (r == "") next
      s = label("subresource"); if (s != "") r = r "/" s
      n[label("verb") " " r " " label("code")] += $NF
    }
    END { for (k in n) print k, n[k] }' "$out.apiserver-metrics" | sort >"$out.requests"
}

# bench_run TARGET RATE: snapshot, attack, pause, snapshot; the figures into RUN.summary.json.
bench_run() {
  local target=$1 rate=$2
  local run="$E2E_BENCH_DIR/$rate-$target" requests
  bench_snapshot "$run.before" || return
  bench_attack "$target" "$rate" "$E2E_BENCH_SECONDS" "$run" || return
  bench_snapshot "$run.attack-end" || return
  sleep "$E2E_BENCH_PAUSE"
  bench_snapshot "$run.after" || return
  # A process that exited would read as 0 ticks: no figure is better than a wrong one.
  local pid
  for pid in "$E2E_OPERATOR_PID" "$E2E_APISERVER_PID" "$E2E_ETCD_PID"; do
    e2e_process_alive "$pid" || { e2e_fail "process $pid (operator, kube-apiserver or etcd) exited during the run"; return; }
  done
  "$E2E_VEGETA" report -type=json "$run.bin" >"$run.report.json" || { e2e_fail "vegeta report"; return; }
  "$E2E_VEGETA" report "$run.bin" | tee "$run.report.txt"
  requests=$(jq .requests "$run.report.json")
  ((requests > 0)) || { e2e_fail "no requests were sent"; return; }
  # Counters that moved: "verb resource code delta".
  awk 'NR == FNR {b[$1 " " $2 " " $3] = $4; next}
    {d = $4 - b[$1 " " $2 " " $3]; if (d > 0) print $1, $2, $3, d}' \
    "$run.before.requests" "$run.after.requests" >"$run.requests-delta"
  jq -n -L "$E2E_DIR/bench" --arg target "$target" --arg rate "$rate" --arg seconds "$E2E_BENCH_SECONDS" \
    --arg tck "$(getconf CLK_TCK)" --slurpfile report "$run.report.json" \
    --rawfile before "$run.before.cpu" --rawfile attack_end "$run.attack-end.cpu" --rawfile after "$run.after.cpu" \
    --rawfile requests "$run.requests-delta" --rawfile generator "$run.generator-cpu" \
    --arg db_before "$(bench_etcd_metric "$run.before" etcd_mvcc_db_total_size_in_use_in_bytes)" \
    --arg db_after "$(bench_etcd_metric "$run.after" etcd_mvcc_db_total_size_in_use_in_bytes)" \
    --arg keys_before "$(bench_etcd_metric "$run.before" etcd_debugging_mvcc_keys_total)" \
    --arg keys_after "$(bench_etcd_metric "$run.after" etcd_debugging_mvcc_keys_total)" \
    --arg puts_before "$(bench_etcd_metric "$run.before" etcd_mvcc_put_total)" \
    --arg puts_after "$(bench_etcd_metric "$run.after" etcd_mvcc_put_total)" \
    'include "http"; summary' >"$run.summary.json" || { e2e_fail "cannot summarise $run"; return; }
  E2E_BENCH_RUNS+=("$run.summary.json")
}

bench_etcd_metric() {
  awk -v m="$2" '$1 == m {print $2; exit}' "$1.etcd-metrics"
}

bench_figure() {
  local summary="$E2E_BENCH_DIR/$2-$1.summary.json"
  [[ -f "$summary" ]] || return 0
  jq -r -L "$E2E_DIR/bench" 'include "http"; figure' "$summary"
}

bench_table() {
  ((${#E2E_BENCH_RUNS[@]} > 0)) || { echo "no run finished"; return 0; }
  echo
  jq -r -s -L "$E2E_DIR/bench" 'include "http"; table' "${E2E_BENCH_RUNS[@]}"
}

# Dumps both recordings, then from the measured one the 25 methods most often on top of the stack
# in execution samples (where the CPU went), and the 25 first frames in the operator's own code
# (which of its work led there).
bench_jfr_summary() {
  local jfr="$E2E_BENCH_DIR/operator-measured.jfr" out="$E2E_BENCH_DIR/jfr-hot-methods.txt"
  jcmd "$E2E_OPERATOR_PID" JFR.dump name=from-start filename="$E2E_BENCH_DIR/operator-from-start.jfr" >/dev/null ||
    { e2e_fail "jcmd JFR.dump name=from-start"; return; }
  jcmd "$E2E_OPERATOR_PID" JFR.dump name=measured filename="$jfr" >/dev/null || { e2e_fail "jcmd JFR.dump name=measured"; return; }
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$jfr" >"$E2E_BENCH_DIR/jfr-samples.txt" ||
    { e2e_fail "jfr print"; return; }
  {
    echo "JFR execution samples of the operator ($jfr; jfr print --events jdk.ExecutionSample):"
    awk '
      /sampledThread = / {t = $0; sub(/^[^"]*"/, "", t); sub(/".*/, "", t); gsub(/[0-9]+/, "N", t); thread[t]++}
      /stackTrace = \[/ {depth = 0; own = ""; total++; next}
      depth >= 0 && /^[[:space:]]*\]/ {if (own != "") mine[own]++; depth = -1; next}
      depth >= 0 && /line:/ {
        f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f)
        if (depth == 0) top[f]++
        if (own == "" && f ~ /^dev\.presign\./) own = f
        depth++
      }
      BEGIN {depth = -1}
      END {
        printf "%d samples\n\ntop 25 methods on top of the stack (self time):\n", total
        for (m in top) printf "%6d %5.1f%%  %s\n", top[m], 100 * top[m] / total, m | "sort -rn | head -n 25"
        close("sort -rn | head -n 25")
        printf "\ntop 25 first frames in dev.presign (the operator code that led there):\n"
        for (m in mine) printf "%6d %5.1f%%  %s\n", mine[m], 100 * mine[m] / total, m | "sort -rn | head -n 25"
        close("sort -rn | head -n 25")
        printf "\nsamples by thread (numbers folded to N):\n"
        for (m in thread) printf "%6d %5.1f%%  %s\n", thread[m], 100 * thread[m] / total, m | "sort -rn | head -n 15"
        close("sort -rn | head -n 15")
      }' "$E2E_BENCH_DIR/jfr-samples.txt"
  } >"$out"
}
