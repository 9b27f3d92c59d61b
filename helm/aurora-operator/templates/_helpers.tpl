{{/* Chart name, cut to 63 characters (the DNS label limit). */}}
{{- define "aurora-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name, plus the chart name unless the release name already contains it. */}}
{{- define "aurora-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aurora-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "aurora-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aurora-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "aurora-operator.labels" -}}
helm.sh/chart: {{ include "aurora-operator.chart" . }}
{{ include "aurora-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "aurora-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aurora-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aurora-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* JAVA_TOOL_OPTIONS: heap from the memory limit, exit on OOM (Kubernetes restarts the pod), nothing written
     outside /tmp (-XX:-UsePerfData: no hsperfdata on the read-only root filesystem), C1 only (less RSS; the
     operator waits on I/O). The image's defaults (operator/pom.xml) are the same. */}}
{{- define "aurora-operator.javaToolOptions" -}}
{{- $flags := list (printf "-XX:MaxRAMPercentage=%v" .Values.jvm.maxRAMPercentage) (printf "-XX:InitialRAMPercentage=%v" .Values.jvm.initialRAMPercentage) "-XX:+ExitOnOutOfMemoryError" "-XX:-UsePerfData" "-Djava.io.tmpdir=/tmp" "-XX:TieredStopAtLevel=1" }}
{{- with .Values.jvm.extraOptions }}{{ $flags = append $flags . }}{{ end }}
{{- join " " $flags }}
{{- end }}

{{/* "true" or "false": leaderElection.enabled, where auto means on with more than one replica. */}}
{{- define "aurora-operator.leaderElection" -}}
{{- $enabled := .Values.leaderElection.enabled }}
{{- if eq (toString $enabled) "auto" }}
{{- if gt (int .Values.replicas) 1 }}true{{ else }}false{{ end }}
{{- else if $enabled }}true{{ else }}false{{ end }}
{{- end }}

{{- define "aurora-operator.leaseName" -}}
{{- default (include "aurora-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
The rules the operator needs on its own resources and the objects it writes, for a ClusterRole or a
namespaced Role alike. docs/rbac.md lists the same rules; keep the two in step.
*/}}
{{- define "aurora-operator.rules" -}}
- apiGroups: ["aurora.dbops.dev"]
  resources: ["databaseclusters", "auroramigrations"]
  verbs: ["get", "list", "watch", "patch", "update"]
# An AuroraMigration with cutover.adoptAsDatabaseCluster creates the DatabaseCluster that manages its target.
- apiGroups: ["aurora.dbops.dev"]
  resources: ["databaseclusters"]
  verbs: ["create"]
- apiGroups: ["aurora.dbops.dev"]
  resources: ["databaseclusters/status", "auroramigrations/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["aurora.dbops.dev"]
  resources: ["databaseclusters/finalizers", "auroramigrations/finalizers"]
  verbs: ["update"]
# Connection Secrets it writes for apps, password Secrets it reads. No delete: owner references clean up.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
# The ExternalName Service repointed at the target on cutover.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
# The statement check's full report, a ConfigMap owned by its AuroraMigration; get also reads the
# team's statement files (spec.verification.statements.configMapRefs).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "create", "update"]
# Cutover restarts the apps in cutover.workloads (the restartedAt pod-template annotation, as kubectl
# rollout restart) and reads their rollout status. list: workloads chosen by labels. Never pods or ReplicaSets.
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
