{{- define "kelp.labels" -}}
app.kubernetes.io/part-of: kelp
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "kelp.selectorLabels" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "kelp.tag" -}}
{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "kelp.image" -}}
{{ .root.Values.image.registry }}/kelp-{{ .component }}:{{ include "kelp.tag" .root }}
{{- end -}}

{{/* The image the operator gives every transfer Deployment it creates. */}}
{{- define "kelp.transferImage" -}}
{{- $repository := .Values.transfer.image.repository | default (printf "%s/kelp-transfer" .Values.image.registry) -}}
{{ $repository }}:{{ .Values.transfer.image.tag | default (include "kelp.tag" .) }}
{{- end -}}

{{/* Container securityContext shared by all components; the agent adds runAsUser 0 (see agent.yaml). */}}
{{- define "kelp.restrictedSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Quarkus serves health and metrics on quarkus.http.port, 8080 unless changed. */}}
{{- define "kelp.httpPort" -}}8080{{- end -}}

{{- define "kelp.probes" -}}
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  initialDelaySeconds: 10
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 5
  failureThreshold: 3
{{- end -}}

{{- define "kelp.pullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Environment variable name of a Kafka producer property in the agent's kelp.kafka.producer map: the
quoted form kelp.kafka.producer."security.protocol" becomes KELP_KAFKA_PRODUCER__SECURITY_PROTOCOL__
(SmallRye Config: '"' -> '__', '.' and '-' -> '_').
*/}}
{{- define "kelp.producerEnvName" -}}
KELP_KAFKA_PRODUCER__{{ . | upper | replace "." "_" | replace "-" "_" }}__
{{- end -}}
