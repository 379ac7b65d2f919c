# shellcheck shell=bash
# The project's own pieces in the harness: the chart release, the operator jar
# run as a local process with the chart's ServiceAccount, S3Proxy as a process,
# and helpers to call the HTTP API and to upload through a presigned POST form.
#
# Needs: common.sh, control-plane.sh and the e2e_kubectl / e2e_helm functions
# of run.sh; E2E_REPO, E2E_WORK, E2E_LOGS, E2E_CRDS, E2E_EXAMPLES.
#
# Set by the steps below (later phases use them):
#   E2E_RELEASE, E2E_RELEASE_NS, E2E_CHART   the release (presign, presign-system) and chart dir
#   E2E_RENDERED                 `helm template` output of the release
#   E2E_OPERATOR_SA              the ServiceAccount of the chart's Deployment
#   E2E_OPERATOR_URL             http://127.0.0.1:<port> of the operator's HTTP API
#   E2E_OPERATOR_POD_NAME        the leader-election identity it runs with (POD_NAME)
#   E2E_OPERATOR_LOG             its log
#   E2E_OPERATOR_ENV_*           (E2E_OPERATOR_LEASE, E2E_OPERATOR_AUTH_CACHE) from the chart's env
#   E2E_S3_ENDPOINT, E2E_S3_BUCKET, E2E_S3_ACCESS_KEY   S3Proxy
# Read by e2e_operator_start when a phase sets them (benchmarks):
#   E2E_OPERATOR_JAVA_OPTS_EXTRA  JVM options added to the chart's JAVA_TOOL_OPTIONS
#   E2E_OPERATOR_ENV_EXTRA        NAME=VALUE words over the chart's env

E2E_RELEASE=presign
E2E_RELEASE_NS=presign-system
E2E_CHART="$E2E_REPO/helm/presign-operator"
E2E_JAVA="${PRESIGN_E2E_JAVA:-java}"
E2E_MVN="${PRESIGN_E2E_MVN:-mvn}"
E2E_BUILD_TIMEOUT="${PRESIGN_E2E_BUILD_TIMEOUT:-900}"
E2E_START_TIMEOUT="${PRESIGN_E2E_START_TIMEOUT:-90}"
E2E_OPERATOR_POD_NAME=presign-operator-e2e-0
E2E_JAR="$E2E_REPO/target/presign-operator.jar"
# Another build of the operator (e.g. of an earlier commit, for a before/after benchmark).
E2E_JAR_OVERRIDE="${PRESIGN_E2E_JAR:-}"
E2E_TEST_CLASSPATH="$E2E_REPO/target/test-classpath.txt"
E2E_S3PROXY_MAIN=dev.presign.e2e.S3ProxyMain

e2e_need_tool() {
  command -v "$1" >/dev/null 2>&1 || e2e_fail "needs $1 on PATH"
}

# --- prerequisites a phase may need when it runs alone ------------------------

# Both CRDs report Established=True. Polled rather than `kubectl wait`: right after the apply a
# CRD may have no status.conditions yet, and kubectl wait then fails at once ("accessor error:
# <nil>") instead of waiting.
e2e_crds_established() {
  local crd
  for crd in uploadrequests.uploads.presign.dev uploadclasses.uploads.presign.dev; do
    [[ "$(e2e_kubectl get crd "$crd" -o jsonpath='{.status.conditions[?(@.type=="Established")].status}')" == True ]] ||
      return 1
  done
}

# The CRDs are installed and served (the apiserver phase does this first).
e2e_require_crds() {
  if e2e_kubectl get crd uploadrequests.uploads.presign.dev uploadclasses.uploads.presign.dev >/dev/null 2>&1; then
    return 0
  fi
  e2e_run e2e_kubectl apply -f "$E2E_CRDS" || { e2e_fail "kubectl apply -f crds/: $(e2e_out_tail)"; return; }
  e2e_wait_for 60 e2e_crds_established || { e2e_fail "CRDs not Established after 60 s"; return; }
  e2e_wait_for 30 e2e_kubectl get uploadrequests -A || e2e_fail "uploadrequests not served"
}

e2e_release_installed() {
  e2e_helm status "$E2E_RELEASE" -n "$E2E_RELEASE_NS" >/dev/null 2>&1
}

# The chart is installed (the helm phase does this). Without the helm phase:
# installs it with --skip-crds, since the CRDs come from crds/ here.
e2e_require_release() {
  e2e_require_crds || return
  e2e_release_installed && return 0
  e2e_run e2e_helm install "$E2E_RELEASE" "$E2E_CHART" -n "$E2E_RELEASE_NS" --create-namespace \
    --skip-crds --timeout 2m || e2e_fail "helm install --skip-crds: $(e2e_out_tail)"
}

# Prints the objects of the installed release (a kubectl List as JSON).
e2e_release_objects_json() {
  e2e_helm get manifest "$E2E_RELEASE" -n "$E2E_RELEASE_NS" | e2e_kubectl get -f - -o json
}

# --- build ---------------------------------------------------------------------

# True when the jar, the test classes and the test classpath exist and no file
# of pom.xml / src/ is newer than the jar.
e2e_java_build_fresh() {
  [[ -f "$E2E_JAR" && -s "$E2E_TEST_CLASSPATH" && \
    -f "$E2E_REPO/target/test-classes/${E2E_S3PROXY_MAIN//.//}.class" ]] || return 1
  [[ -z "$(find "$E2E_REPO/pom.xml" "$E2E_REPO/src" -newer "$E2E_JAR" -type f -print -quit)" ]]
}

# Builds the operator jar, the test classes (S3Proxy's launcher) and the test
# classpath in one Maven run, when they are missing or older than the sources.
# PRESIGN_E2E_MVN_FLAGS adds flags (e.g. -o for offline).
e2e_build_java() {
  local log="$E2E_LOGS/maven.log" start
  if [[ -n "$E2E_JAR_OVERRIDE" ]]; then
    [[ -f "$E2E_JAR_OVERRIDE" ]] || { e2e_fail "PRESIGN_E2E_JAR $E2E_JAR_OVERRIDE does not exist"; return; }
    E2E_JAR=$E2E_JAR_OVERRIDE
    [[ -s "$E2E_TEST_CLASSPATH" ]] && return 0
  fi
  if e2e_java_build_fresh; then
    echo "jar and test classes are up to date"
    return 0
  fi
  e2e_need_tool "$E2E_MVN" || return
  start=$(date +%s)
  e2e_note "building the operator jar and test classes with Maven (log: $log)"
  local -a flags=()
  # shellcheck disable=SC2206
  [[ -n "${PRESIGN_E2E_MVN_FLAGS:-}" ]] && flags=(${PRESIGN_E2E_MVN_FLAGS})
  if ! (cd "$E2E_REPO" && timeout --foreground "$E2E_BUILD_TIMEOUT" "$E2E_MVN" -B -q "${flags[@]}" -DskipTests \
    package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt) >"$log" 2>&1; then
    e2e_fail "mvn package failed or took over $E2E_BUILD_TIMEOUT s: $(grep -m1 -E '^\[ERROR\]' "$log" | cut -c1-250) (see $log)"
    return
  fi
  # Maven leaves the jar's time alone when nothing changed; the next run must see it fresh.
  touch "$E2E_JAR"
  e2e_note "built in $(($(date +%s) - start)) s"
}

# --- S3Proxy -------------------------------------------------------------------

# Starts S3Proxy (dev.presign.e2e.S3ProxyMain) on 127.0.0.1 with a filesystem
# store in the work dir and the bucket of examples/upload-class.yaml. Does not
# wait; e2e_s3proxy_wait does.
e2e_s3proxy_start() {
  local port secret
  e2e_free_port port || return
  E2E_S3_BUCKET=$(e2e_kubectl patch --local -f "$E2E_EXAMPLES/upload-class.yaml" --type merge -p '{}' \
    -o jsonpath='{.spec.bucket}' 2>/dev/null)
  [[ -n "$E2E_S3_BUCKET" ]] || E2E_S3_BUCKET=uploads
  secret=$(openssl rand -hex 20) || { e2e_fail "openssl rand failed"; return; }
  E2E_S3_SECRET_KEY=$secret
  E2E_S3_LOG="$E2E_LOGS/s3proxy.log"
  # The secret reaches S3Proxy through its environment only (not argv, not the log).
  PRESIGN_E2E_S3_SECRET_KEY=$secret e2e_start_process s3proxy "$E2E_S3_LOG" \
    "$E2E_JAVA" -cp "$E2E_REPO/target/test-classes:$E2E_REPO/target/classes:$(cat "$E2E_TEST_CLASSPATH")" \
    "$E2E_S3PROXY_MAIN" "$E2E_WORK/s3" "$port" "$E2E_S3_BUCKET"
  E2E_S3_PID=$E2E_LAST_PID
}

e2e_s3proxy_ready() { grep -q '^ready ' "$E2E_S3_LOG"; }

e2e_s3proxy_wait() {
  local deadline=$(($(date +%s) + E2E_START_TIMEOUT)) line
  until e2e_s3proxy_ready; do
    e2e_process_alive "$E2E_S3_PID" ||
      { e2e_fail "S3Proxy exited: $(grep -v '^\$' "$E2E_S3_LOG" | tail -n 1 | cut -c1-250)"; return; }
    (($(date +%s) < deadline)) || { e2e_fail "S3Proxy not ready after $E2E_START_TIMEOUT s (see $E2E_S3_LOG)"; return; }
    sleep 0.2
  done
  line=$(grep -m1 '^ready ' "$E2E_S3_LOG")
  E2E_S3_ENDPOINT=$(sed -n 's/.* endpoint=\([^ ]*\).*/\1/p' <<<"$line")
  E2E_S3_ACCESS_KEY=$(sed -n 's/.* access-key=\([^ ]*\).*/\1/p' <<<"$line")
  echo "S3Proxy: $line"
}

# The credentials Secret (the name examples/upload-class.yaml refers to) and
# that UploadClass with S3Proxy's endpoint.
e2e_s3_class_apply() {
  local secret_ns secret_name manifest
  secret_ns=$(e2e_kubectl patch --local -f "$E2E_EXAMPLES/upload-class.yaml" --type merge -p '{}' \
    -o jsonpath='{.spec.credentials.secretRef.namespace}')
  secret_name=$(e2e_kubectl patch --local -f "$E2E_EXAMPLES/upload-class.yaml" --type merge -p '{}' \
    -o jsonpath='{.spec.credentials.secretRef.name}')
  secret_ns=${secret_ns:-$E2E_RELEASE_NS}
  secret_name=${secret_name:-s3-credentials}
  e2e_kubectl create secret generic "$secret_name" -n "$secret_ns" \
    --from-literal=AWS_ACCESS_KEY_ID="$E2E_S3_ACCESS_KEY" --from-literal=AWS_SECRET_ACCESS_KEY="$E2E_S3_SECRET_KEY" \
    --dry-run=client -o yaml | e2e_run e2e_kubectl apply -f - ||
    { e2e_fail "credentials Secret: $(e2e_out_tail)"; return; }
  manifest=$(e2e_kubectl patch --local -f "$E2E_EXAMPLES/upload-class.yaml" --type merge -o yaml \
    -p "{\"spec\":{\"endpoint\":\"$E2E_S3_ENDPOINT\"}}") || { e2e_fail "cannot patch examples/upload-class.yaml"; return; }
  E2E_CLASS=$(e2e_kubectl patch --local -f "$E2E_EXAMPLES/upload-class.yaml" --type merge -p '{}' \
    -o jsonpath='{.metadata.name}')
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || e2e_fail "UploadClass: $(e2e_out_tail)"
}

# e2e_s3_create_bucket NAME: creates bucket NAME in S3Proxy with a SigV4-signed
# PUT (curl --aws-sigv4), as the operator's credentials; a bucket that exists is fine.
# curl (7.88) does not send x-amz-content-sha256 itself, S3Proxy wants it: the
# SHA-256 of the empty body.
e2e_s3_create_bucket() {
  local code
  code=$(curl -sS --max-time 30 -o "$E2E_WORK/s3-body" -w '%{http_code}' -X PUT \
    --aws-sigv4 "aws:amz:us-east-1:s3" --user "$E2E_S3_ACCESS_KEY:$E2E_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" \
    "$E2E_S3_ENDPOINT/$1" 2>&1)
  printf '$ curl --aws-sigv4 -X PUT %s/%s\n%s\n[HTTP %s]\n' "$E2E_S3_ENDPOINT" "$1" "$(cat "$E2E_WORK/s3-body")" "$code"
  [[ "$code" == 200 ]] || grep -q BucketAlreadyOwnedByYou "$E2E_WORK/s3-body" ||
    e2e_fail "PUT bucket $1: HTTP $code $(tr -s '[:space:]' ' ' <"$E2E_WORK/s3-body" | cut -c1-200)"
}

# --- the operator ----------------------------------------------------------------

# Reads the container env of the release's Deployment into E2E_OPERATOR_ENV
# (NAME=VALUE words for env(1)), as the kubelet would set it: literal values,
# $(VAR) references to earlier entries expanded, POD_NAME and the namespace
# from the downward API filled in. Then points the HTTP API at 127.0.0.1:PORT.
e2e_operator_env() {
  local port=$1 deployment name value ref known n
  deployment=$(e2e_release_objects_json | jq -c '.items[] | select(.kind == "Deployment")') ||
    { e2e_fail "cannot read the release's Deployment"; return; }
  [[ -n "$deployment" ]] || { e2e_fail "the release has no Deployment"; return; }
  E2E_OPERATOR_SA=$(jq -r '.spec.template.spec.serviceAccountName // "default"' <<<"$deployment")
  E2E_OPERATOR_ENV=()
  known=" "
  declare -A vals=()
  while IFS= read -r -d '' name && IFS= read -r -d '' value && IFS= read -r -d '' ref; do
    case "$ref" in
      metadata.name) value=$E2E_OPERATOR_POD_NAME ;;
      metadata.namespace) value=$E2E_RELEASE_NS ;;
      "") ;;
      *) echo "env $name: fieldRef $ref not supported here; left unset"; continue ;;
    esac
    for n in $known; do value=${value//"\$($n)"/${vals[$n]}}; done
    vals[$name]=$value
    known+="$name "
  done < <(jq -j '.spec.template.spec.containers[0].env[] |
      .name, "\u0000", (.value // ""), "\u0000", (.valueFrom.fieldRef.fieldPath // ""), "\u0000"' <<<"$deployment")
  # Outside a Pod: listen on loopback only, on a port of our own.
  vals[PRESIGN_HTTP_HOST]=127.0.0.1
  vals[PRESIGN_HTTP_PORT]=$port
  vals[AWS_EC2_METADATA_DISABLED]=true
  # A benchmark phase may add JVM options (e.g. the heap a container limit would give).
  [[ -n "${E2E_OPERATOR_JAVA_OPTS_EXTRA:-}" ]] &&
    vals[JAVA_TOOL_OPTIONS]="${vals[JAVA_TOOL_OPTIONS]:-} $E2E_OPERATOR_JAVA_OPTS_EXTRA"
  # ... and settings over the chart's (NAME=VALUE words, e.g. abuse limits off for a benchmark).
  local kv
  for kv in ${E2E_OPERATOR_ENV_EXTRA:-}; do vals[${kv%%=*}]=${kv#*=}; done
  for n in "${!vals[@]}"; do E2E_OPERATOR_ENV+=("$n=${vals[$n]}"); done
  E2E_OPERATOR_LEASE=${vals[PRESIGN_LEASE_NAME]:-presign-operator-leader}
  E2E_OPERATOR_AUTH_CACHE=${vals[PRESIGN_AUTH_CACHE_SECONDS]:-10}
  E2E_TOKEN_AUDIENCE=${vals[PRESIGN_TOKEN_AUDIENCE]:-}
  [[ "${vals[PRESIGN_LEADER_ELECTION]:-}" == true ]] || echo "note: the chart's PRESIGN_LEADER_ELECTION is '${vals[PRESIGN_LEADER_ELECTION]:-}'"
  printf 'operator env: %s\n' "${E2E_OPERATOR_ENV[@]}"
}

# Starts `java -jar target/presign-operator.jar run` as the chart's
# ServiceAccount (a kubeconfig with its bound token: exactly the chart's RBAC)
# with the env of the release's Deployment as it is now. Does not wait;
# e2e_operator_wait does. The first operator of a run logs to logs/operator.log,
# one started later (after e2e_operator_stop) to operator-2.log, operator-3.log, ...
e2e_operator_start() {
  local port kc="$E2E_WORK/operator.kubeconfig" n=1
  e2e_free_port port || return
  e2e_operator_env "$port" || return
  e2e_cp_token_kubeconfig "$E2E_RELEASE_NS" "$E2E_OPERATOR_SA" "$kc" 1h || return
  E2E_OPERATOR_URL="http://127.0.0.1:$port"
  E2E_OPERATOR_LOG="$E2E_LOGS/operator.log"
  while [[ -e "$E2E_OPERATOR_LOG" ]]; do
    n=$((n + 1))
    E2E_OPERATOR_LOG="$E2E_LOGS/operator-$n.log"
  done
  E2E_OPERATOR_LOG_CHECKED=0
  e2e_start_process operator "$E2E_OPERATOR_LOG" env KUBECONFIG="$kc" "${E2E_OPERATOR_ENV[@]}" \
    "$E2E_JAVA" -jar "$E2E_JAR" run
  E2E_OPERATOR_PID=$E2E_LAST_PID
}

# Stops the operator this run started, if it runs (a phase that needs another
# configuration of it); the next e2e_operator_up starts a new one.
e2e_operator_stop() {
  if [[ -n "${E2E_OPERATOR_PID:-}" ]] && e2e_process_alive "$E2E_OPERATOR_PID"; then
    e2e_note "stopping the operator (pid $E2E_OPERATOR_PID)"
    e2e_stop_process "$E2E_OPERATOR_PID"
  fi
  E2E_OPERATOR_PID=""
  return 0
}

e2e_operator_wait() {
  local deadline=$(($(date +%s) + E2E_START_TIMEOUT))
  until [[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$E2E_OPERATOR_URL/readyz")" == 200 ]]; do
    e2e_process_alive "$E2E_OPERATOR_PID" ||
      { e2e_fail "the operator exited: $(grep -E 'ERROR|Exception' "$E2E_OPERATOR_LOG" | tail -n 1 | cut -c1-300)"; return; }
    if (($(date +%s) >= deadline)); then
      # A JVM whose main thread failed (e.g. the port was taken) may live on without serving.
      e2e_fail "GET /readyz not 200 after $E2E_START_TIMEOUT s$(grep -m1 -E '^(Exception|Caused by)' "$E2E_OPERATOR_LOG" |
        cut -c1-200 | sed 's/^/; the log says: /') (see $E2E_OPERATOR_LOG)"
      e2e_operator_stop
      return 1
    fi
    sleep 0.3
  done
  echo "operator ready at $E2E_OPERATOR_URL"
}

# Everything the operator phase needs: jar, release, S3Proxy, Secret,
# UploadClass, the operator answering /readyz. Starts S3Proxy and the operator
# side by side: JVM start-up is most of the wait.
e2e_operator_up() {
  [[ -z "${E2E_OPERATOR_FAILED:-}" ]] || { e2e_fail "$E2E_OPERATOR_FAILED"; return; }
  if [[ -n "${E2E_OPERATOR_PID:-}" ]] && e2e_process_alive "$E2E_OPERATOR_PID"; then
    return 0
  fi
  E2E_OPERATOR_FAILED="the operator did not start earlier in this run"
  e2e_need_tool jq && e2e_need_tool "$E2E_JAVA" || return
  e2e_build_java || return
  e2e_require_release || return
  # S3Proxy outlives a stopped operator: started once per run.
  if [[ -z "${E2E_S3_PID:-}" ]] || ! e2e_process_alive "$E2E_S3_PID"; then
    e2e_s3proxy_start || return
  fi
  e2e_operator_start || return
  e2e_s3proxy_wait || return
  e2e_s3_class_apply || return
  e2e_operator_wait || return
  E2E_OPERATOR_FAILED=""
}

# --- HTTP API and uploads --------------------------------------------------------

# e2e_api METHOD PATH [TOKEN] [JSON_BODY]: calls the operator's HTTP API; sets
# E2E_HTTP_STATUS, E2E_HTTP_BODY and E2E_HTTP_HEADERS (the response headers, one
# per line) and logs status and body. Returns 0 if curl worked.
# The manifest of an app namespace: Namespace, ServiceAccount app, Role uploader (create and get
# uploadrequests) bound to it. Usage: manifest+=$(e2e_uploader_manifest ns)
e2e_uploader_manifest() {
  local ns=$1
  printf '%s\n' "---
apiVersion: v1
kind: Namespace
metadata: {name: $ns}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: $ns}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: uploader, namespace: $ns}
rules:
  - apiGroups: [uploads.presign.dev]
    resources: [uploadrequests]
    verbs: [create, get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app-uploader, namespace: $ns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: uploader}
subjects: [{kind: ServiceAccount, name: app, namespace: $ns}]"
}

e2e_api() {
  local method=$1 path=$2 token=${3:-} body=${4:-} out="$E2E_WORK/http-body" headers="$E2E_WORK/http-headers"
  local -a args=(-sS --max-time 30 -o "$out" -D "$headers" -w '%{http_code}' -X "$method")
  [[ -n "$token" ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  : >"$out"
  : >"$headers"
  E2E_HTTP_STATUS=$(curl "${args[@]}" "$E2E_OPERATOR_URL$path" 2>&1)
  local rc=$?
  E2E_HTTP_BODY=$(cat "$out")
  E2E_HTTP_HEADERS=$(tr -d '\r' <"$headers")
  printf '$ curl -X %s %s%s (token: %s)\n%s\n[HTTP %s]\n' "$method" "$E2E_OPERATOR_URL" "$path" \
    "${token:+${token:0:12}...}" "$E2E_HTTP_BODY" "$E2E_HTTP_STATUS"
  return "$rc"
}

# e2e_expect_status CODE: fails unless the last e2e_api call answered CODE.
e2e_expect_status() {
  [[ "$E2E_HTTP_STATUS" == "$1" ]] ||
    e2e_fail "HTTP $E2E_HTTP_STATUS, not $1: $(tr -s '[:space:]' ' ' <<<"$E2E_HTTP_BODY" | cut -c1-200)"
}

# e2e_make_file PATH SIZE: SIZE random bytes.
e2e_make_file() {
  head -c "$2" /dev/urandom >"$1" && [[ "$(stat -c %s "$1")" == "$2" ]]
}

# e2e_form_upload JSON JQ_PATH FILE: POSTs FILE to the presigned form at
# JQ_PATH of JSON ({url, fields}) the way a browser does: one form field per
# signed field, in order, the file last. Sets E2E_HTTP_STATUS / E2E_HTTP_BODY.
e2e_form_upload() {
  local json=$1 path=$2 file=$3 url name value out="$E2E_WORK/s3-body"
  local -a args=(-sS --max-time 60 -o "$out" -w '%{http_code}')
  url=$(jq -r "$path.url // empty" <<<"$json")
  [[ -n "$url" ]] || { e2e_fail "no $path.url in the answer"; return; }
  while IFS= read -r -d '' name && IFS= read -r -d '' value; do
    args+=(--form-string "$name=$value")
  done < <(jq -j "$path.fields | to_entries[] | .key, \"\u0000\", .value, \"\u0000\"" <<<"$json")
  args+=(-F "file=@$file")
  : >"$out"
  E2E_HTTP_STATUS=$(curl "${args[@]}" "$url" 2>&1)
  E2E_HTTP_BODY=$(cat "$out")
  printf '$ curl (form with %d fields + file of %s bytes) %s\n%s\n[HTTP %s]\n' \
    "$(jq "$path.fields | length" <<<"$json")" "$(stat -c %s "$file")" "$url" "$E2E_HTTP_BODY" "$E2E_HTTP_STATUS"
  [[ "$E2E_HTTP_STATUS" =~ ^2[0-9][0-9]$ ]] ||
    e2e_fail "S3 answered HTTP $E2E_HTTP_STATUS: $(tr -s '[:space:]' ' ' <<<"$E2E_HTTP_BODY" | cut -c1-200)"
}

# --- tokens ------------------------------------------------------------------------

# e2e_app_token NAMESPACE SERVICEACCOUNT: prints a token for calling the operator's
# HTTP API: for the audience the operator expects (PRESIGN_TOKEN_AUDIENCE of the
# release, read by e2e_operator_env), as a projected token of a pod would be.
e2e_app_token() {
  e2e_kubectl create token "$2" -n "$1" ${E2E_TOKEN_AUDIENCE:+--audience "$E2E_TOKEN_AUDIENCE"}
}

e2e_b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
e2e_b64url_decode() {
  local s
  s=$(tr '_-' '/+' <<<"$1")
  while ((${#s} % 4)); do s+="="; done
  base64 -d <<<"$s"
}

# e2e_mint_token TOKEN KEY JQ_FILTER: prints a JWT with TOKEN's header, its
# claims changed by JQ_FILTER (given $now), signed RS256 with the private KEY.
# With the API server's own signing key ($E2E_PKI/sa.key) the result is a token
# the API server itself could have issued.
e2e_mint_token() {
  local header payload claims signing sig
  header=${1%%.*}
  payload=${1#*.}
  payload=${payload%%.*}
  claims=$(e2e_b64url_decode "$payload" | jq -c --argjson now "$(date +%s)" "$3") || return 1
  signing="$header.$(printf '%s' "$claims" | e2e_b64url)"
  sig=$(printf '%s' "$signing" | openssl dgst -sha256 -sign "$2" -binary | e2e_b64url) || return 1
  printf '%s.%s' "$signing" "$sig"
}
