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
Environment variable of one key of a map-valued config key: kelp.kafka.producer."security.protocol"
is KELP_KAFKA_PRODUCER__SECURITY_PROTOCOL__ (SmallRye Config: '"' -> '__', '.' and '-' -> '_').
Arguments: (list "KELP_KAFKA_PRODUCER" "security.protocol").
*/}}
{{- define "kelp.mapEnvName" -}}
{{ index . 0 }}__{{ index . 1 | upper | replace "." "_" | replace "-" "_" }}__
{{- end -}}

{{/* Secret-backed connection settings of the operator (operator KelpConfig). */}}
{{- define "kelp.operatorSecretEnv" -}}
{{- range $property, $value := .Values.kafka.clientProperties }}
- {name: {{ include "kelp.mapEnvName" (list "KELP_KAFKA_PROPERTIES" $property) }}, value: {{ $value | quote }}}
{{- end }}
{{- range .Values.kafka.clientSecretProperties }}
- name: {{ include "kelp.mapEnvName" (list "KELP_KAFKA_PROPERTIES" .property) }}
  valueFrom:
    secretKeyRef: {name: {{ .secretName }}, key: {{ .secretKey | quote }}}
{{- end }}
{{- include "kelp.etcdSecretEnv" . }}
{{- with .Values.elasticsearch.auth.secretName }}
{{- if $.Values.elasticsearch.auth.apiKeyKey }}
- name: KELP_ELASTICSEARCH_API_KEY
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.elasticsearch.auth.apiKeyKey | quote }}}
{{- else }}
- name: KELP_ELASTICSEARCH_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.elasticsearch.auth.usernameKey | quote }}}
- name: KELP_ELASTICSEARCH_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.elasticsearch.auth.passwordKey | quote }}}
{{- end }}
{{- end }}
{{- end -}}


{{/*
etcd user/password (secretKeyRef) and CA file of the operator and the agent: kelp.etcd.user,
kelp.etcd.password, kelp.etcd.ca-file. The CA file lies in the volume of "kelp.etcdCaVolume".
*/}}
{{- define "kelp.etcdSecretEnv" -}}
{{- with .Values.etcd.auth.secretName }}
- name: KELP_ETCD_USER
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.etcd.auth.userKey | quote }}}
- name: KELP_ETCD_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.etcd.auth.passwordKey | quote }}}
{{- end }}
{{- if .Values.etcd.tls.caSecretName }}
- {name: KELP_ETCD_CA_FILE, value: {{ printf "/etc/kelp/etcd-ca/%s" .Values.etcd.tls.caKey | quote }}}
{{- end }}
{{- end -}}

{{/* The etcd CA Secret's mount (a list item of volumeMounts), when etcd.tls.caSecretName is set. */}}
{{- define "kelp.etcdCaVolumeMount" -}}
{{- if .Values.etcd.tls.caSecretName }}
- {name: etcd-ca, mountPath: /etc/kelp/etcd-ca, readOnly: true}
{{- end }}
{{- end -}}

{{/* The etcd CA Secret as a volume (a list item of volumes), when etcd.tls.caSecretName is set. */}}
{{- define "kelp.etcdCaVolume" -}}
{{- if .Values.etcd.tls.caSecretName }}
- name: etcd-ca
  secret:
    secretName: {{ .Values.etcd.tls.caSecretName }}
    items:
      - {key: {{ .Values.etcd.tls.caKey | quote }}, path: {{ .Values.etcd.tls.caKey | quote }}}
{{- end }}
{{- end -}}
