# shellcheck shell=bash
# A real Kubernetes control plane on 127.0.0.1: etcd + kube-apiserver, nothing
# else (no controller-manager, no scheduler, no kubelet). What that means:
#   - namespaces, CRDs, RBAC, ServiceAccounts, TokenRequest/TokenReview,
#     SubjectAccessReview, admission and CEL validation all work;
#   - no controller runs: no Pods are ever created from Deployments, no
#     ServiceAccount token Secrets, no `default` ServiceAccount in new
#     namespaces, no garbage collection. `kubectl create token SA` works.
#
# After e2e_cp_start these are set and exported (later phases use them):
#   E2E_APISERVER_URL   https://127.0.0.1:<port>
#   E2E_KUBECONFIG      admin kubeconfig (CN=admin, O=system:masters); also KUBECONFIG
#   E2E_PKI             ca.crt/ca.key (signs serving and client certs),
#                       apiserver.crt/.key, admin.crt/.key, sa.key/sa.pub
#   E2E_CA_FILE         = $E2E_PKI/ca.crt, the CA of the API server's serving cert
#   E2E_SA_ISSUER, E2E_API_AUDIENCE   issuer and audience of ServiceAccount tokens
#   E2E_ETCD_URL        http://127.0.0.1:<port>
#
# Needs: common.sh and tools.sh (E2E_ETCD, E2E_KUBE_APISERVER, E2E_KUBECTL) and
# E2E_WORK, E2E_LOGS.

E2E_SA_ISSUER="https://kubernetes.default.svc.cluster.local"
E2E_API_AUDIENCE="https://kubernetes.default.svc.cluster.local"
E2E_SERVICE_CIDR="10.96.0.0/16"
E2E_READY_TIMEOUT="${PRESIGN_E2E_READY_TIMEOUT:-120}"

# Makes a CA, the API server's serving cert (127.0.0.1, localhost and the
# in-cluster names), an admin client cert and the ServiceAccount signing key.
e2e_cp_pki() {
  local d=$E2E_PKI log="$E2E_LOGS/pki.log"
  mkdir -p "$d"
  (
    set -e
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 \
      -keyout ca.key -out ca.crt -subj "/CN=presign-e2e-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver"
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
      "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -sha256 \
      -extfile apiserver.ext -out apiserver.crt
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=admin"
    printf '%s\n' "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -sha256 \
      -extfile admin.ext -out admin.crt
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key
    openssl pkey -in sa.key -pubout -out sa.pub
    rm -f ./*.csr ./*.ext
  ) >"$log" 2>&1 || e2e_fail "openssl failed: $(tail -n 1 "$log")"
}

e2e_cp_start_etcd() {
  local client peer
  e2e_free_port client && e2e_free_port peer || return 1
  E2E_ETCD_URL="http://127.0.0.1:$client"
  local -a args=(
    --name e2e
    --data-dir "$E2E_WORK/etcd"
    --listen-client-urls "$E2E_ETCD_URL" --advertise-client-urls "$E2E_ETCD_URL"
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer"
    --initial-cluster "e2e=http://127.0.0.1:$peer"
    --log-level warn
  )
  # etcd >= 3.5: a throwaway store needs no fsync (much faster on slow disks).
  if "$E2E_ETCD" --help 2>&1 | grep -q -- '--unsafe-no-fsync'; then
    args+=(--unsafe-no-fsync)
  fi
  e2e_start_process etcd "$E2E_LOGS/etcd.log" "$E2E_ETCD" "${args[@]}"
  E2E_ETCD_PID=$E2E_LAST_PID
  if ! e2e_wait_for 30 curl -fsS "$E2E_ETCD_URL/health"; then
    e2e_process_alive "$E2E_ETCD_PID" || e2e_fail "etcd exited: $(tail -n 1 "$E2E_LOGS/etcd.log")" || return
    e2e_fail "etcd not healthy after 30 s (see $E2E_LOGS/etcd.log)"
    return
  fi
}

e2e_cp_start_apiserver() {
  local port
  e2e_free_port port || return 1
  E2E_APISERVER_PORT=$port
  E2E_APISERVER_URL="https://127.0.0.1:$port"
  local p=$E2E_PKI
  local -a args=(
    --etcd-servers "$E2E_ETCD_URL"
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$port"
    --cert-dir "$E2E_WORK/apiserver-certs"
    --tls-cert-file "$p/apiserver.crt" --tls-private-key-file "$p/apiserver.key"
    --client-ca-file "$p/ca.crt"
    --authorization-mode RBAC
    --service-account-issuer "$E2E_SA_ISSUER"
    --service-account-key-file "$p/sa.pub"
    --service-account-signing-key-file "$p/sa.key"
    --api-audiences "$E2E_API_AUDIENCE"
    --service-cluster-ip-range "$E2E_SERVICE_CIDR"
    --profiling=false
    --v "${PRESIGN_E2E_APISERVER_V:-1}"
  )
  # Extra flags for experiments, e.g. PRESIGN_E2E_APISERVER_FLAGS="--feature-gates=X=true".
  # shellcheck disable=SC2206
  [[ -n "${PRESIGN_E2E_APISERVER_FLAGS:-}" ]] && args+=(${PRESIGN_E2E_APISERVER_FLAGS})
  e2e_start_process kube-apiserver "$E2E_LOGS/kube-apiserver.log" "$E2E_KUBE_APISERVER" "${args[@]}"
  E2E_APISERVER_PID=$E2E_LAST_PID
}

e2e_cp_write_kubeconfig() {
  local p=$E2E_PKI
  E2E_KUBECONFIG="$E2E_WORK/kubeconfig"
  cat >"$E2E_KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: $E2E_APISERVER_URL
    certificate-authority-data: $(base64 -w0 <"$p/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(base64 -w0 <"$p/admin.crt")
    client-key-data: $(base64 -w0 <"$p/admin.key")
contexts:
- name: e2e
  context:
    cluster: e2e
    user: admin
current-context: e2e
EOF
  chmod 600 "$E2E_KUBECONFIG"
}

# GET on the API server as admin; prints the body.
e2e_cp_get() {
  curl -fsS --max-time 10 --cacert "$E2E_PKI/ca.crt" \
    --cert "$E2E_PKI/admin.crt" --key "$E2E_PKI/admin.key" "$E2E_APISERVER_URL$1"
}

e2e_cp_wait_ready() {
  local deadline=$(($(date +%s) + E2E_READY_TIMEOUT))
  while :; do
    if [[ "$(e2e_cp_get /readyz 2>/dev/null)" == ok ]]; then
      return 0
    fi
    if ! e2e_process_alive "$E2E_APISERVER_PID"; then
      e2e_fail "kube-apiserver exited: $(grep -E '^[EF][0-9]{4}|Error:' "$E2E_LOGS/kube-apiserver.log" | tail -n 1 | cut -c1-300)"
      return
    fi
    if (($(date +%s) >= deadline)); then
      e2e_fail "/readyz not ok after $E2E_READY_TIMEOUT s: $(e2e_cp_get '/readyz?verbose' 2>&1 | grep -v '\] ok' | tr '\n' ' ' | cut -c1-300)"
      return
    fi
    sleep 0.5
  done
}

# Starts etcd and kube-apiserver and waits for /readyz.
e2e_cp_start() {
  E2E_PKI="$E2E_WORK/pki"
  E2E_CA_FILE="$E2E_PKI/ca.crt"
  e2e_cp_pki || return 1
  e2e_cp_start_etcd || return 1
  e2e_cp_start_apiserver || return 1
  e2e_cp_write_kubeconfig
  e2e_cp_wait_ready || return 1
  export KUBECONFIG="$E2E_KUBECONFIG"
  export E2E_APISERVER_URL E2E_KUBECONFIG E2E_PKI E2E_CA_FILE E2E_SA_ISSUER E2E_API_AUDIENCE E2E_ETCD_URL
}

# Stops kube-apiserver, then etcd (the apiserver first, so it does not log
# storage errors on the way down).
e2e_cp_stop() {
  [[ -n "${E2E_APISERVER_PID:-}" ]] && e2e_stop_process "$E2E_APISERVER_PID"
  [[ -n "${E2E_ETCD_PID:-}" ]] && e2e_stop_process "$E2E_ETCD_PID"
  return 0
}

# e2e_cp_token_kubeconfig NAMESPACE SERVICEACCOUNT OUT [DURATION]: writes a
# kubeconfig at OUT that authenticates as the ServiceAccount with a bound token
# from the TokenRequest API (the ServiceAccount must exist). For running a
# process (e.g. the operator) with exactly the permissions RBAC gives that
# ServiceAccount. Also leaves the token in OUT.token.
e2e_cp_token_kubeconfig() {
  local ns=$1 sa=$2 out=$3 duration=${4:-1h} token
  token=$("$E2E_KUBECTL" --kubeconfig "$E2E_KUBECONFIG" --request-timeout=30s create token -n "$ns" "$sa" --duration "$duration" 2>&1) ||
    { e2e_fail "kubectl create token -n $ns $sa: $token"; return; }
  printf '%s' "$token" >"$out.token"
  cat >"$out" <<EOF2
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: $E2E_APISERVER_URL
    certificate-authority-data: $(base64 -w0 <"$E2E_CA_FILE")
users:
- name: $ns-$sa
  user:
    token: $token
contexts:
- name: $ns-$sa
  context:
    cluster: e2e
    user: $ns-$sa
    namespace: $ns
current-context: $ns-$sa
EOF2
  chmod 600 "$out" "$out.token"
}
