# shellcheck shell=bash
# Phase "rbac": the chart's aggregated ClusterRoles (rbac.aggregateClusterRoles,
# on by default) with real RBAC, for the people and apps who use uploads.
#
#   presign-operator-uploads-view   get, list, watch uploadrequests and uploadclasses;
#                                   labelled aggregate-to-view, -edit and -admin
#   presign-operator-uploads-edit   that, plus create, delete, deletecollection, patch,
#                                   update uploadrequests; labelled aggregate-to-edit, -admin
#
# There is no kube-controller-manager here, so nothing fills the built-in
# view, edit and admin ClusterRoles from the roles labelled for them (the API
# server creates them with an aggregationRule and no rules of their own). The
# harness does what the controller's clusterrole-aggregation loop does: for
# each of view, edit and admin (in that order: view carries aggregate-to-edit,
# edit aggregate-to-admin), the rules of every ClusterRole its selectors match,
# in name order, without repeats, written into its rules. That is the one
# stand-in; every answer below is the API server's own authorizer.
#
# In namespace team-r, ServiceAccounts bound with RoleBindings:
#   editor   the built-in ClusterRole edit
#   viewer   the built-in ClusterRole view
#   app      presign-operator-uploads-edit (what an app would be given)
# and a user bound cluster-wide (ClusterRoleBinding) to
# presign-operator-uploads-edit, for the cluster-scoped uploadclasses.
# `kubectl auth can-i --as` answers what each may do; server-side dry runs
# show a create admitted and a status patch Forbidden; the HTTP API (its
# SubjectAccessReviews on create, get and delete) serves editor and app and
# refuses viewer's create.

e2e_register_phase rbac

E2E_RBAC_NS=team-r
E2E_RBAC_CLUSTER_USER=e2e-uploads-cluster-editor
E2E_RBAC_GROUP=uploads.presign.dev

e2e_phase_rbac() {
  e2e_step "the release is installed" e2e_require_release || return
  e2e_step "the built-in view, edit and admin ClusterRoles aggregated (the controller's job; there is no controller manager)" \
    e2e_rbac_aggregate_builtin || return
  e2e_step "ServiceAccounts editor (edit), viewer (view), app (presign-operator-uploads-edit) in $E2E_RBAC_NS" \
    e2e_rbac_subjects || return
  e2e_check "the built-in edit ClusterRole carries uploadrequests create, delete, patch, update and nothing on uploadrequests/status" \
    check_rbac_edit_aggregated
  e2e_check "editor (built-in edit): may get, list, watch, create, delete, deletecollection, patch, update uploadrequests in $E2E_RBAC_NS" \
    check_rbac_can "system:serviceaccount:$E2E_RBAC_NS:editor" yes uploadrequests \
    get list watch create delete deletecollection patch update
  e2e_check "editor (built-in edit): may not patch or update uploadrequests/status" \
    check_rbac_can "system:serviceaccount:$E2E_RBAC_NS:editor" no uploadrequests/status patch update
  e2e_check "editor (built-in edit): may not create, patch or delete uploadclasses" \
    check_rbac_can "system:serviceaccount:$E2E_RBAC_NS:editor" no uploadclasses create patch update delete
  e2e_check "editor's create of examples/upload-request.yaml is admitted; its status patch is Forbidden (server-side dry runs)" \
    check_rbac_editor_dry_runs
  e2e_check "viewer (built-in view): may get, list, watch uploadrequests in $E2E_RBAC_NS" \
    check_rbac_can "system:serviceaccount:$E2E_RBAC_NS:viewer" yes uploadrequests get list watch
  e2e_check "viewer (built-in view): may not create, delete, patch uploadrequests or patch their status" \
    check_rbac_viewer_no_writes
  e2e_check "app (RoleBinding to presign-operator-uploads-edit): may create, get, delete uploadrequests, not patch their status" \
    check_rbac_app
  e2e_check "a user bound cluster-wide to presign-operator-uploads-edit may list uploadclasses but not write them or any status" \
    check_rbac_cluster_editor
  e2e_step "the operator is running (from an earlier phase, or started now)" e2e_operator_up || return
  e2e_step "tokens for editor, viewer and app (with the chart's tokenAudience, if any)" e2e_rbac_tokens || return
  e2e_check "HTTP API: editor (built-in edit) creates (201), reads (200) and cancels (DELETE 200) an upload" \
    check_rbac_http_editor
  e2e_check "HTTP API: app (presign-operator-uploads-edit only) creates an upload (201)" check_rbac_http_app
  e2e_check "HTTP API: viewer (built-in view) may read editor's upload (200) but not create one (403)" check_rbac_http_viewer
  e2e_check "the operator's log has no Forbidden and no ERROR line (rbac phase)" check_operator_log
}

# e2e_rbac_aggregate ROLE: what the clusterrole-aggregation controller does for ROLE.
e2e_rbac_aggregate() {
  local role=$1 all rules
  all=$(e2e_kubectl get clusterroles -o json) || { e2e_fail "kubectl get clusterroles failed"; return; }
  rules=$(jq -c --arg role "$role" '
    (.items[] | select(.metadata.name == $role) | .aggregationRule.clusterRoleSelectors // []) as $selectors
    | [.items
       | sort_by(.metadata.name)[]
       | select(.metadata.name != $role)
       | . as $cr
       | select(any($selectors[]; (.matchLabels // {}) | to_entries | all(.value == ($cr.metadata.labels // {})[.key])))
       | (.rules // [])[]]
    | reduce .[] as $r ([]; if any(.[]; . == $r) then . else . + [$r] end)' <<<"$all") ||
    { e2e_fail "jq failed on the ClusterRoles"; return; }
  [[ "$rules" != "[]" ]] || { e2e_fail "no ClusterRole matches the aggregationRule of $role"; return; }
  e2e_run e2e_kubectl patch clusterrole "$role" --type=merge -p "{\"rules\": $rules}" ||
    { e2e_fail "patch clusterrole $role: $(e2e_out_tail)"; return; }
  echo "$role: $(jq length <<<"$rules") rules aggregated"
}

e2e_rbac_aggregate_builtin() {
  e2e_need_tool jq || return
  local role
  for role in view edit admin; do
    e2e_rbac_aggregate "$role" || return
  done
}

e2e_rbac_subjects() {
  e2e_ensure_namespace "$E2E_RBAC_NS" || { e2e_fail "cannot create namespace $E2E_RBAC_NS"; return; }
  local manifest="---
apiVersion: v1
kind: ServiceAccount
metadata: {name: editor, namespace: $E2E_RBAC_NS}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: viewer, namespace: $E2E_RBAC_NS}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: $E2E_RBAC_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: editor-edit, namespace: $E2E_RBAC_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: editor, namespace: $E2E_RBAC_NS}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer-view, namespace: $E2E_RBAC_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: viewer, namespace: $E2E_RBAC_NS}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app-uploads-edit, namespace: $E2E_RBAC_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: presign-operator-uploads-edit}
subjects: [{kind: ServiceAccount, name: app, namespace: $E2E_RBAC_NS}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: $E2E_RBAC_CLUSTER_USER}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: presign-operator-uploads-edit}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: $E2E_RBAC_CLUSTER_USER}]"
  e2e_run e2e_kubectl apply -f - <<<"$manifest" || e2e_fail "kubectl apply: $(e2e_out_tail)"
}

check_rbac_edit_aggregated() {
  local rules
  rules=$(e2e_kubectl get clusterrole edit -o json | jq -c --arg g "$E2E_RBAC_GROUP" \
    '[.rules[] | select((.apiGroups // []) | index($g))]') || { e2e_fail "cannot read ClusterRole edit"; return; }
  echo "edit's rules on $E2E_RBAC_GROUP: $rules"
  jq -e '[.[] | select(.resources | index("uploadrequests")) | .verbs[]] | (index("create") and index("delete") and index("patch") and index("update"))' \
    <<<"$rules" >/dev/null || { e2e_fail "no create/delete/patch/update on uploadrequests: $rules"; return; }
  jq -e '[.[] | .resources[] | select(contains("/") or contains("*"))] | length == 0' <<<"$rules" >/dev/null ||
    e2e_fail "a subresource or wildcard on $E2E_RBAC_GROUP: $rules"
}

# check_rbac_can USER yes|no RESOURCE VERB...: kubectl auth can-i VERB RESOURCE -n team-r --as USER
# answers the expected word for every verb. RESOURCE may be name/subresource.
check_rbac_can() {
  local user=$1 want=$2 resource=$3 verb got wrong=""
  shift 3
  local -a what=("$resource.$E2E_RBAC_GROUP")
  if [[ "$resource" == */* ]]; then
    what=("${resource%%/*}.$E2E_RBAC_GROUP" --subresource="${resource#*/}")
  fi
  for verb in "$@"; do
    got=$(e2e_kubectl auth can-i "$verb" "${what[@]}" -n "$E2E_RBAC_NS" --as "$user")
    echo "can-i $verb $resource as $user: $got"
    [[ "$got" == "$want" ]] || wrong+=" $verb ($got)"
  done
  [[ -z "$wrong" ]] || e2e_fail "not '$want' for:$wrong"
}

check_rbac_editor_dry_runs() {
  local editor="system:serviceaccount:$E2E_RBAC_NS:editor"
  e2e_run e2e_kubectl create --dry-run=server -n "$E2E_RBAC_NS" -f "$E2E_EXAMPLES/upload-request.yaml" --as "$editor" ||
    { e2e_fail "editor's create was refused: $(e2e_out_tail)"; return; }
  # A real object to patch: created by the admin, so that only the status patch is at stake.
  e2e_run e2e_kubectl apply -n "$E2E_RBAC_NS" -f "$E2E_EXAMPLES/upload-request.yaml" -o name ||
    { e2e_fail "kubectl apply: $(e2e_out_tail)"; return; }
  local name=${E2E_OUT##*/}
  if e2e_run e2e_kubectl patch upreq "$name" -n "$E2E_RBAC_NS" --subresource=status --type=merge \
    -p '{"status":{"phase":"Uploaded"}}' --dry-run=server --as "$editor"; then
    e2e_fail "editor's status patch was admitted"
    return
  fi
  grep -q 'Forbidden\|forbidden' <<<"$E2E_OUT" || e2e_fail "refused, but not Forbidden: $(e2e_out_tail)"
}

check_rbac_viewer_no_writes() {
  check_rbac_can "system:serviceaccount:$E2E_RBAC_NS:viewer" no uploadrequests create delete patch update || return
  check_rbac_can "system:serviceaccount:$E2E_RBAC_NS:viewer" no uploadrequests/status patch update
}

check_rbac_app() {
  local app="system:serviceaccount:$E2E_RBAC_NS:app"
  check_rbac_can "$app" yes uploadrequests create get delete || return
  check_rbac_can "$app" no uploadrequests/status patch update
}

check_rbac_cluster_editor() {
  local user=$E2E_RBAC_CLUSTER_USER got verb wrong=""
  got=$(e2e_kubectl auth can-i list "uploadclasses.$E2E_RBAC_GROUP" --as "$user")
  echo "can-i list uploadclasses as $user: $got"
  [[ "$got" == yes ]] || wrong+=" list uploadclasses ($got)"
  for verb in create update patch delete deletecollection; do
    got=$(e2e_kubectl auth can-i "$verb" "uploadclasses.$E2E_RBAC_GROUP" --as "$user")
    echo "can-i $verb uploadclasses as $user: $got"
    [[ "$got" == no ]] || wrong+=" $verb uploadclasses ($got)"
  done
  for verb in patch update; do
    got=$(e2e_kubectl auth can-i "$verb" "uploadrequests.$E2E_RBAC_GROUP" --subresource=status -A --as "$user")
    echo "can-i $verb uploadrequests/status -A as $user: $got"
    [[ "$got" == no ]] || wrong+=" $verb uploadrequests/status ($got)"
    got=$(e2e_kubectl auth can-i "$verb" "uploadclasses.$E2E_RBAC_GROUP" --subresource=status --as "$user")
    echo "can-i $verb uploadclasses/status as $user: $got"
    [[ "$got" == no ]] || wrong+=" $verb uploadclasses/status ($got)"
  done
  [[ -z "$wrong" ]] || e2e_fail "wrong answers:$wrong"
}

e2e_rbac_tokens() {
  local sa token
  for sa in editor viewer app; do
    if ! token=$(e2e_app_token "$E2E_RBAC_NS" "$sa") || [[ -z "$token" ]]; then
      e2e_fail "kubectl create token $sa failed"
      return
    fi
    printf -v "E2E_RBAC_TOKEN_${sa^^}" '%s' "$token"
  done
  E2E_RBAC_BODY='{"original_file_name": "rbac-check.pdf", "file_size": "1024"}'
}

check_rbac_http_editor() {
  e2e_api POST /api/v1/uploads/ "$E2E_RBAC_TOKEN_EDITOR" "$E2E_RBAC_BODY" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  E2E_RBAC_ID=$(jq -r '.id // empty' <<<"$E2E_HTTP_BODY")
  [[ -n "$E2E_RBAC_ID" ]] || { e2e_fail "no id"; return; }
  e2e_api GET "/api/v1/uploads/$E2E_RBAC_ID" "$E2E_RBAC_TOKEN_EDITOR" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  # The viewer reads it below, before the cancel: a second upload to cancel.
  e2e_api POST /api/v1/uploads/ "$E2E_RBAC_TOKEN_EDITOR" "$E2E_RBAC_BODY" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201 || return
  local cancel
  cancel=$(jq -r '.id // empty' <<<"$E2E_HTTP_BODY")
  e2e_api DELETE "/api/v1/uploads/$cancel" "$E2E_RBAC_TOKEN_EDITOR" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200
}

check_rbac_http_app() {
  e2e_api POST /api/v1/uploads/ "$E2E_RBAC_TOKEN_APP" "$E2E_RBAC_BODY" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 201
}

check_rbac_http_viewer() {
  [[ -n "${E2E_RBAC_ID:-}" ]] || { e2e_fail "editor created no upload"; return; }
  e2e_api GET "/api/v1/uploads/$E2E_RBAC_ID" "$E2E_RBAC_TOKEN_VIEWER" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 200 || return
  e2e_api POST /api/v1/uploads/ "$E2E_RBAC_TOKEN_VIEWER" "$E2E_RBAC_BODY" || { e2e_fail "curl: $E2E_HTTP_STATUS"; return; }
  e2e_expect_status 403
}
