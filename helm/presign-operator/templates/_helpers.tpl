{{/*
Chart name, or nameOverride.
*/}}
{{- define "presign-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name prefix of every object:
- fullnameOverride when set;
- the release name when it contains the chart name ("presign-operator", "my-presign-operator");
- the chart name when it starts with "<release>-" (release "presign" → "presign-operator", so the
  in-cluster URL is http://presign-operator.<namespace>.svc/);
- otherwise "<release>-<chart>".
*/}}
{{- define "presign-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else if hasPrefix (printf "%s-" .Release.Name) $name }}
{{- $name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "presign-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "presign-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "presign-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "presign-operator.labels" -}}
helm.sh/chart: {{ include "presign-operator.chart" . }}
{{ include "presign-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: presign-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "presign-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "presign-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "presign-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "presign-operator.leaseName" -}}
{{- default (printf "%s-leader" (include "presign-operator.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
credentialsNamespaces without the release namespace and without repeats: the namespaces that get
an extra Secrets Role. Rendered as a comma-separated string (templates can only return strings).
*/}}
{{- define "presign-operator.extraCredentialsNamespaces" -}}
{{- without (uniq .Values.credentialsNamespaces) .Release.Namespace | join "," }}
{{- end }}

{{/*
The username the API server gives the operator's ServiceAccount (request.userInfo.username).
*/}}
{{- define "presign-operator.serviceAccountUsername" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "presign-operator.serviceAccountName" .) }}
{{- end }}
