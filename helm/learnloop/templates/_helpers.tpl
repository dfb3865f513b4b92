{{/* Names, labels and the list of services. The services come from generated/services.json (npm run compose). */}}

{{- define "learnloop.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "learnloop.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "learnloop.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A service's object name: <fullname>-<service>. Needs dict "root" and "svc". */}}
{{- define "learnloop.serviceName" -}}
{{- printf "%s-%s" (include "learnloop.fullname" .root) .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "learnloop.selectorLabels" -}}
app.kubernetes.io/name: {{ include "learnloop.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .svc.name }}
{{- end -}}

{{/* Common labels; learnloop.dev/role (gateway or subgraph) is what the network policies select on. */}}
{{- define "learnloop.labels" -}}
helm.sh/chart: {{ include "learnloop.chart" .root }}
{{ include "learnloop.selectorLabels" . }}
app.kubernetes.io/part-of: learnloop
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
learnloop.dev/role: {{ .svc.role }}
{{- end -}}

{{/* Labels of objects that belong to no one service (KafkaTopics). */}}
{{- define "learnloop.chartLabels" -}}
helm.sh/chart: {{ include "learnloop.chart" . }}
app.kubernetes.io/name: {{ include "learnloop.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: learnloop
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "learnloop.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "learnloop.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The generated facts: services.json as written by npm run compose. */}}
{{- define "learnloop.generated" -}}
{{- $text := .Files.Get "generated/services.json" -}}
{{- if not $text -}}{{- fail "generated/services.json is missing: run `npm run compose`" -}}{{- end -}}
{{- $text -}}
{{- end -}}

{{/*
Every service as JSON: the generated facts (name, port, metricsPort, env) with `defaults` and the
service's own values merged over them, and its role. Templates range over
`include "learnloop.services" . | fromJsonArray`.
*/}}
{{- define "learnloop.services" -}}
{{- $generated := include "learnloop.generated" . | fromJson -}}
{{- $services := list -}}
{{- $gateway := mustMergeOverwrite (deepCopy .Values.defaults) (deepCopy (.Values.gateway | default dict)) -}}
{{- $_ := set $gateway "env" (mustMergeOverwrite (deepCopy .Values.env) (deepCopy (.Values.defaults.env | default dict)) (deepCopy ((.Values.gateway | default dict).env | default dict))) -}}
{{- $services = append $services (mustMergeOverwrite $gateway (dict "name" $generated.gateway.name "role" "gateway" "port" $generated.gateway.port "metricsPort" $generated.gateway.metricsPort "generatedEnv" $generated.gateway.env)) -}}
{{- range $sg := $generated.subgraphs -}}
{{- $own := index ($.Values.subgraphs | default dict) $sg.name | default dict -}}
{{- $svc := mustMergeOverwrite (deepCopy $.Values.defaults) (deepCopy $own) -}}
{{- $_ := set $svc "env" (mustMergeOverwrite (deepCopy $.Values.env) (deepCopy ($.Values.defaults.env | default dict)) (deepCopy ($own.env | default dict))) -}}
{{- $services = append $services (mustMergeOverwrite $svc (dict "name" $sg.name "role" "subgraph" "port" $sg.port "metricsPort" $sg.metricsPort "generatedEnv" $sg.env)) -}}
{{- end -}}
{{- toJson $services -}}
{{- end -}}

{{/* The gateway's SUBGRAPH_URLS: each subgraph at its Service in this namespace. */}}
{{- define "learnloop.subgraphUrls" -}}
{{- $generated := include "learnloop.generated" . | fromJson -}}
{{- $urls := list -}}
{{- range $sg := $generated.subgraphs -}}
{{- $urls = append $urls (printf "%s=http://%s:%v/graphql" $sg.name (include "learnloop.serviceName" (dict "root" $ "svc" $sg)) $sg.port) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}

{{- define "learnloop.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s%s:%s" .root.Values.image.registry .root.Values.image.prefix .svc.name $tag -}}
{{- end -}}

{{/*
A service's ConfigMap data: the chart's own settings, then values' env. A name the service reads
as a secret is refused here, and a required variable without a value stops the render.
*/}}
{{- define "learnloop.configData" -}}
{{- $svc := .svc -}}
{{- $data := dict "HOST" "0.0.0.0" "PORT" (toString $svc.port) "METRICS_PORT" (toString $svc.metricsPort) -}}
{{- $_ := set $data "MIGRATION_LOCK_TIMEOUT_MS" (mul .root.Values.migrations.lockTimeoutSeconds 1000 | toString) -}}
{{- if eq $svc.role "gateway" -}}
{{- $_ := set $data "SUBGRAPH_URLS" (include "learnloop.subgraphUrls" .root) -}}
{{- end -}}
{{- range $name, $value := $svc.env -}}
{{- range $secret := $svc.generatedEnv.secret -}}
{{- if eq $secret.name $name -}}{{- fail (printf "%s: %s is a secret; put it in the Secret %s, not in values" $svc.name $name ($svc.existingSecret | default $.root.Values.existingSecret)) -}}{{- end -}}
{{- end -}}
{{- if ne (toString $value) "" -}}{{- $_ := set $data $name (toString $value) -}}{{- end -}}
{{- end -}}
{{- $budget := $svc.probes.startup.budgetSeconds | default (mul $svc.probes.startup.periodSeconds ($svc.probes.startup.failureThreshold | default 3)) -}}
{{- if le (mul $budget 1000 | int64) (atoi (get $data "MIGRATION_LOCK_TIMEOUT_MS") | int64) -}}
{{- fail (printf "%s: the startup probe's budget (%vs) must exceed MIGRATION_LOCK_TIMEOUT_MS (%s ms), or a pod waiting for another's migrations is killed before it says why" $svc.name $budget (get $data "MIGRATION_LOCK_TIMEOUT_MS")) -}}
{{- end -}}
{{- range $name := $svc.generatedEnv.requiredConfig -}}
{{- if not (hasKey $data $name) -}}{{- fail (printf "%s needs %s: set it under %s.env" $svc.name $name (ternary "gateway" (printf "subgraphs.%s" $svc.name) (eq $svc.role "gateway"))) -}}{{- end -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/*
The peers of a backend or provider: an ipBlock for each of its cidrs (with its `except` ranges),
and, for one inside the cluster, its namespaceSelector and podSelector.
*/}}
{{/* "true" when a backend or provider names where it is (cidrs or selectors); empty otherwise. */}}
{{- define "learnloop.hasPeers" -}}
{{- if or .cidrs .namespaceSelector .podSelector -}}true{{- end -}}
{{- end -}}

{{- define "learnloop.peers" -}}
{{- $except := .except | default list -}}
{{- if not (or .cidrs .namespaceSelector .podSelector) -}}{{- fail "a network backend needs cidrs, or a namespaceSelector or podSelector" -}}{{- end -}}
{{- range .cidrs }}
- ipBlock:
    cidr: {{ . }}
    {{- if $except }}
    except: {{- toYaml $except | nindent 6 }}
    {{- end }}
{{- end }}
{{- if or .namespaceSelector .podSelector }}
{{- $peer := dict }}
{{- with .namespaceSelector }}{{- $_ := set $peer "namespaceSelector" (dict "matchLabels" .) }}{{- end }}
{{- with .podSelector }}{{- $_ := set $peer "podSelector" (dict "matchLabels" .) }}{{- end }}
{{ list $peer | toYaml }}
{{- end }}
{{- end -}}
