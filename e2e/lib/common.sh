# shellcheck shell=bash
# Check framework of the end-to-end harness.
#
# stdout carries exactly one line per check, `ok - <what>` or
# `not ok - <what>: <why>`, and the closing `N passed, N failed`.
# Progress notes go to stderr as `# ...`. Everything a check runs goes to
# $E2E_LOGS/checks.log.
#
# A check is a shell function that returns 0 when it passes; when it fails it
# calls `e2e_fail "why"` (which returns 1) and returns. Checks run in the main
# shell (not a subshell), so a check may set variables for later checks.

E2E_PASSED=0
E2E_FAILED=0
E2E_WHY=""
E2E_OUT=""
E2E_PHASES_REGISTERED=()

e2e_note() { echo "# $*" >&2; }

# e2e_fail WHY: records why the current check (or setup step) fails; returns 1.
e2e_fail() {
  E2E_WHY="$*"
  return 1
}

# e2e_run CMD...: runs CMD, keeps its combined output in E2E_OUT (and in the
# check log), returns its status.
e2e_run() {
  local rc
  E2E_OUT=$("$@" 2>&1)
  rc=$?
  printf '$ %s\n%s\n[exit %d]\n' "$*" "$E2E_OUT" "$rc"
  return "$rc"
}

# The last non-empty line of E2E_OUT, on one line: a short "why".
e2e_out_tail() {
  printf '%s\n' "$E2E_OUT" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -s '[:space:]' ' ' | cut -c1-300
}

# Collapses all whitespace (explain output is wrapped) to single spaces.
e2e_squash() { tr -s '[:space:]' ' '; }

# e2e_check "what" FUNC [ARGS...]: runs one check and prints its result line.
e2e_check() {
  local what=$1 start
  shift
  E2E_WHY=""
  start=$(date +%s)
  printf '\n=== %s (%s)\n' "$what" "$*" >>"$E2E_CHECK_LOG"
  if "$@" >>"$E2E_CHECK_LOG" 2>&1; then
    echo "ok - $what"
    E2E_PASSED=$((E2E_PASSED + 1))
    echo "=== ok ($(($(date +%s) - start)) s)" >>"$E2E_CHECK_LOG"
  else
    [[ -n "$E2E_WHY" ]] || E2E_WHY="$1 failed (see $E2E_CHECK_LOG)"
    echo "not ok - $what: $E2E_WHY"
    E2E_FAILED=$((E2E_FAILED + 1))
    echo "=== not ok: $E2E_WHY" >>"$E2E_CHECK_LOG"
  fi
}

# e2e_step "what" FUNC [ARGS...]: a setup step. Silent (a note on stderr) when
# it works; when it fails it prints a `not ok` line like a check and returns 1,
# and the caller stops: later checks would only fail for the same reason.
e2e_step() {
  local what=$1 start
  shift
  E2E_WHY=""
  start=$(date +%s)
  printf '\n=== step: %s (%s)\n' "$what" "$*" >>"$E2E_CHECK_LOG"
  if "$@" >>"$E2E_CHECK_LOG"; then
    e2e_note "$what ($(($(date +%s) - start)) s)"
    return 0
  fi
  [[ -n "$E2E_WHY" ]] || E2E_WHY="$1 failed"
  echo "not ok - $what: $E2E_WHY"
  E2E_FAILED=$((E2E_FAILED + 1))
  echo "=== step failed: $E2E_WHY" >>"$E2E_CHECK_LOG"
  return 1
}

# e2e_register_phase NAME: called by each file in checks/; run.sh then calls
# e2e_phase_NAME for every registered phase, in file order.
e2e_register_phase() { E2E_PHASES_REGISTERED+=("$1"); }

e2e_summary() {
  echo "$E2E_PASSED passed, $E2E_FAILED failed"
}

# --- background processes ----------------------------------------------------
# Every process the harness starts is recorded here and stopped (TERM, then
# KILL after a grace period) in reverse order by e2e_stop_all, from the EXIT trap.
E2E_PROC_NAMES=()
E2E_PROC_PIDS=()

# e2e_start_process NAME LOGFILE CMD...: starts CMD in the background.
# Sets E2E_LAST_PID.
e2e_start_process() {
  local name=$1 log=$2
  shift 2
  printf '$ %s\n' "$*" >"$log"
  "$@" >>"$log" 2>&1 </dev/null &
  E2E_LAST_PID=$!
  E2E_PROC_NAMES+=("$name")
  E2E_PROC_PIDS+=("$E2E_LAST_PID")
  e2e_note "started $name (pid $E2E_LAST_PID, log $log)"
}

e2e_process_alive() { kill -0 "$1" 2>/dev/null; }

# e2e_stop_process PID [GRACE_SECONDS]
e2e_stop_process() {
  local pid=$1 grace=${2:-15} i
  e2e_process_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < grace * 10; i++)); do
    e2e_process_alive "$pid" || break
    sleep 0.1
  done
  if e2e_process_alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  return 0
}

e2e_stop_all() {
  local i
  for ((i = ${#E2E_PROC_PIDS[@]} - 1; i >= 0; i--)); do
    if e2e_process_alive "${E2E_PROC_PIDS[i]}"; then
      e2e_note "stopping ${E2E_PROC_NAMES[i]} (pid ${E2E_PROC_PIDS[i]})"
      e2e_stop_process "${E2E_PROC_PIDS[i]}"
    fi
  done
  E2E_PROC_NAMES=()
  E2E_PROC_PIDS=()
}

# e2e_free_port VAR: sets VAR to a TCP port that no socket uses and that this
# run has not handed out yet. (Not `$(...)`: it must remember the port.) The
# ports come from below the kernel's ephemeral range, so that a client
# connection opened after the check (kubectl, curl, the JVMs) cannot take the
# port before the server binds it.
E2E_PORTS_TAKEN=" "
e2e_free_port() {
  local p i low=20000 high
  high=$(awk '{print $1 - 1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
  [[ "$high" =~ ^[0-9]+$ ]] && ((high > low + 1000)) || high=32767
  for ((i = 0; i < 200; i++)); do
    p=$((low + RANDOM % (high - low + 1)))
    [[ "$E2E_PORTS_TAKEN" == *" $p "* ]] && continue
    if [[ -z "$(ss -Htan "sport = :$p" 2>/dev/null)" ]]; then
      E2E_PORTS_TAKEN+="$p "
      printf -v "$1" '%s' "$p"
      return 0
    fi
  done
  E2E_WHY="no free port found"
  return 1
}

# e2e_wait_for SECONDS CMD...: retries CMD every half second until it succeeds.
e2e_wait_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || return 1
    sleep 0.5
  done
}
