{{/*
The operator's rules for the namespaces whose UploadRequests it handles. With watchNamespaces
empty they go into the ClusterRole (every namespace); with watchNamespaces set, into a Role
"<fullname>-watch" in each watched namespace, so nothing about UploadRequests, their status or
Events is granted elsewhere. One rule a line: adding a permission the operator needs in the
watched namespaces is one more line here, in both modes. docs/install.md explains each rule and
RbacTest keeps the list exact.
*/}}
{{- define "presign-operator.watchedNamespaceRules" -}}
# Reconcile UploadRequests; the HTTP API creates them, ttlSecondsAfterFinished deletes them;
# patch adds and removes the finalizer of multipart requests (abort the S3 upload on deletion).
- {apiGroups: ["uploads.presign.dev"], resources: ["uploadrequests"], verbs: ["get", "list", "watch", "create", "delete", "patch"]}
# Phase, signed form and conditions (merge-patched).
- {apiGroups: ["uploads.presign.dev"], resources: ["uploadrequests/status"], verbs: ["get", "patch", "update"]}
# Issued / Uploaded / Expired / Failed events on the UploadRequests.
- {apiGroups: [""], resources: ["events"], verbs: ["create", "patch"]}
{{- if .Values.rbac.formSecrets }}
# Signed forms of classes with formDelivery: Secret: create the request's form Secret, get it to
# reuse a form stored before a failover and to answer the HTTP caller, delete it once finished.
- {apiGroups: [""], resources: ["secrets"], verbs: ["get", "create", "delete"]}
{{- end }}
{{- end }}

{{/*
Events about UploadClasses: they are cluster-scoped, so their Events go to the "default"
namespace, as for every cluster-scoped object. Granted there by a Role when watchNamespaces is
set and does not name "default" (otherwise the rules above cover it).
*/}}
{{- define "presign-operator.classEventRules" -}}
# Events about UploadClasses (cluster-scoped objects' Events go to "default").
- {apiGroups: [""], resources: ["events"], verbs: ["create", "patch"]}
{{- end }}

{{/*
Whether the "default" namespace needs its own Role for UploadClass Events: "true" or "".
*/}}
{{- define "presign-operator.classEventsRole" -}}
{{- if and .Values.watchNamespaces (not (has "default" .Values.watchNamespaces)) }}true{{ end }}
{{- end }}

{{/*
Secrets in a credentials namespace: the Secrets of UploadClasses (spec.credentials.secretRef).
The operator keeps an informer (list + watch) on each credentials namespace, so a resourceNames
list cannot narrow this (see docs/install.md, "Secrets").
*/}}
{{- define "presign-operator.credentialsRules" -}}
# Credentials Secrets of UploadClasses (an informer per credentials namespace).
- {apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"]}
{{- end }}

{{/*
A RoleBinding of the Role with the same name and namespace to the operator's ServiceAccount.
Arguments: (list $ name namespace).
*/}}
{{- define "presign-operator.roleBinding" -}}
{{- $root := index . 0 }}
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ index . 1 }}
  namespace: {{ index . 2 }}
  labels:
    {{- include "presign-operator.labels" $root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ index . 1 }}
subjects:
  - kind: ServiceAccount
    name: {{ include "presign-operator.serviceAccountName" $root }}
    namespace: {{ $root.Release.Namespace }}
{{- end }}
