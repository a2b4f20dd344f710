{{/* Names, labels and the values every template shares. */}}

{{- define "tuneforge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Room is left for the longest suffix ("-job-token-key", 14 chars). */}}
{{- define "tuneforge.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "tuneforge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tuneforge.labels" -}}
helm.sh/chart: {{ include "tuneforge.chart" . }}
{{ include "tuneforge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tuneforge
{{- end }}

{{- define "tuneforge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tuneforge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component: (dict "root" $ "component" "trainer"). */}}
{{- define "tuneforge.componentLabels" -}}
{{ include "tuneforge.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tuneforge.componentSelectorLabels" -}}
{{ include "tuneforge.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tuneforge.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "tuneforge.workerImage" -}}
{{- $img := .Values.trainer.kubernetes.image }}
{{- printf "%s:%s" $img.repository (default .Chart.AppVersion $img.tag) }}
{{- end }}

{{- define "tuneforge.postgresql.image" -}}
{{- $img := .Values.postgresql.bundled.image }}
{{- printf "%s:%s" $img.repository $img.tag }}
{{- end }}

{{/* "true" when PostgreSQL is external (its URL comes from the user's Secret). */}}
{{- define "tuneforge.postgresql.external" -}}
{{- if .Values.postgresql.external.url.secretName }}true{{ end }}
{{- end }}

{{- define "tuneforge.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "tuneforge.fullname" .) }}
{{- end }}

{{- define "tuneforge.postgresql.host" -}}
{{- printf "%s.%s.svc" (include "tuneforge.postgresql.fullname" .) .Release.Namespace }}
{{- end }}

{{/* The Secret (name and key) of TUNEFORGE_DATABASE_URL and of TUNEFORGE_TRACKING_URI. */}}
{{- define "tuneforge.databaseUrlRef" -}}
{{- if include "tuneforge.postgresql.external" . }}
name: {{ .Values.postgresql.external.url.secretName }}
key: {{ .Values.postgresql.external.url.key }}
{{- else }}
name: {{ include "tuneforge.postgresql.fullname" . }}
key: database-url
{{- end }}
{{- end }}

{{- define "tuneforge.trackingUriRef" -}}
{{- if include "tuneforge.postgresql.external" . }}
{{- if not .Values.postgresql.external.trackingUri.secretName }}
{{- fail "postgresql.external.trackingUri.secretName is required with an external PostgreSQL (the tracker's MLflow database)" }}
{{- end }}
name: {{ .Values.postgresql.external.trackingUri.secretName }}
key: {{ .Values.postgresql.external.trackingUri.key }}
{{- else }}
name: {{ include "tuneforge.postgresql.fullname" . }}
key: tracking-uri
{{- end }}
{{- end }}

{{- define "tuneforge.checkpointClaim" -}}
{{- default (printf "%s-jobs" (include "tuneforge.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{- define "tuneforge.trainerServiceAccount" -}}
{{- printf "%s-trainer" (include "tuneforge.fullname" .) }}
{{- end }}

{{- define "tuneforge.workerServiceAccount" -}}
{{- $sa := .Values.trainer.kubernetes.serviceAccount }}
{{- if $sa.create }}
{{- default (printf "%s-worker" (include "tuneforge.fullname" .)) $sa.name }}
{{- else }}
{{- $sa.name }}
{{- end }}
{{- end }}

{{- define "tuneforge.jobsNamespace" -}}
{{- $ns := default .Release.Namespace .Values.trainer.kubernetes.namespace }}
{{- if ne $ns .Release.Namespace }}
{{- fail (printf "trainer.kubernetes.namespace %q: the training Jobs must run in the release namespace %q (they share the checkpoint claim with the trainer, and the trainer's Role is namespaced)" $ns .Release.Namespace) }}
{{- end }}
{{- $ns }}
{{- end }}

{{- define "tuneforge.trainerTlsSecret" -}}
{{- if .Values.trainer.kubernetes.trainerTlsSecret }}
{{- .Values.trainer.kubernetes.trainerTlsSecret }}
{{- else if .Values.tls.enabled }}
{{- .Values.tls.existingSecret }}
{{- end }}
{{- end }}

{{- define "tuneforge.tlsCheck" -}}
{{- if and .Values.tls.enabled (not .Values.tls.existingSecret) }}
{{- fail "tls.enabled needs tls.existingSecret (a kubernetes.io/tls Secret)" }}
{{- end }}
{{- end }}

{{/* Env every server role and the migration Job share. */}}
{{- define "tuneforge.commonEnv" -}}
- name: HOME
  value: /tmp
- name: TUNEFORGE_HOME
  value: /var/lib/tuneforge
- name: TUNEFORGE_LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: TUNEFORGE_MIGRATE_ON_START
  value: "false"
- name: TUNEFORGE_DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- include "tuneforge.databaseUrlRef" . | trim | nindent 6 }}
{{- end }}

{{/* Env of a server role: (dict "root" $ "component" "tuner" "extraEnv" list). */}}
{{- define "tuneforge.serverEnv" -}}
{{- $root := .root }}
{{- include "tuneforge.commonEnv" $root }}
- name: TUNEFORGE_TRACKING_URI
{{- if $root.Values.mlflow.enabled }}
  value: {{ include "tuneforge.mlflow.url" $root | quote }}
{{- else }}
  valueFrom:
    secretKeyRef:
      {{- include "tuneforge.trackingUriRef" $root | trim | nindent 6 }}
{{- end }}
- name: TUNEFORGE_HOST
  value: 0.0.0.0
- name: TUNEFORGE_PORT
  value: "50051"
- name: TUNEFORGE_GRACE_SECONDS
  value: {{ $root.Values.config.graceSeconds | quote }}
- name: TUNEFORGE_DRAIN_DELAY_SECONDS
  value: {{ include "tuneforge.drainSeconds" $root | quote }}
{{- if $root.Values.tls.enabled }}
- name: TUNEFORGE_TLS_CERT
  value: /etc/tuneforge/tls/tls.crt
- name: TUNEFORGE_TLS_KEY
  value: /etc/tuneforge/tls/tls.key
{{- else }}
- name: TUNEFORGE_ALLOW_INSECURE
  value: "true"
{{- end }}
{{- if $root.Values.auth.existingSecret }}
- name: TUNEFORGE_TOKEN_FILE
  value: /etc/tuneforge/auth/{{ $root.Values.auth.key }}
{{- else }}
- name: TUNEFORGE_ALLOW_UNAUTHENTICATED
  value: "true"
{{- end }}
{{- end }}

{{- define "tuneforge.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "tuneforge.securityContext" -}}
{{- toYaml .Values.securityContext }}
{{- end }}

{{/* The drain delay: TUNEFORGE_DRAIN_DELAY_SECONDS and the preStop sleep, one value. */}}
{{- define "tuneforge.drainSeconds" -}}
{{- int .Values.config.drainDelaySeconds }}
{{- end }}

{{/* preStop sleep (drain) + the server's own drain + grace + 10 s for the stop hooks. */}}
{{- define "tuneforge.terminationGracePeriodSeconds" -}}
{{- $drain := int .Values.config.drainDelaySeconds }}
{{- add $drain $drain (int .Values.config.graceSeconds) 10 }}
{{- end }}

{{- define "tuneforge.mlflow.fullname" -}}
{{- printf "%s-mlflow" (include "tuneforge.fullname" .) }}
{{- end }}

{{- define "tuneforge.mlflow.url" -}}
{{- printf "http://%s:5000" (include "tuneforge.mlflow.fullname" .) }}
{{- end }}

{{/* The artifacts claim of the MLflow server; empty when it has none. */}}
{{- define "tuneforge.mlflow.claim" -}}
{{- $a := .Values.mlflow.artifacts }}
{{- if and (not $a.destination) $a.persistence.enabled }}
{{- default (printf "%s-artifacts" (include "tuneforge.mlflow.fullname" .)) $a.persistence.existingClaim }}
{{- end }}
{{- end }}

{{/* Replicas of a scalable component (tuner, tracker): the HPA's floor when it owns them. */}}
{{- define "tuneforge.minReplicas" -}}
{{- $v := index .root.Values .component }}
{{- if and $v.autoscaling $v.autoscaling.enabled }}
{{- int $v.autoscaling.minReplicas }}
{{- else }}
{{- int $v.replicas }}
{{- end }}
{{- end }}
