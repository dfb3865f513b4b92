import type { K8sObject } from "./support";

/**
 * Problems with one rendered object: Kubernetes 1.27's OpenAPI schemas (kubernetes-models) for
 * built-in kinds; for the custom resources the chart renders, their apiVersion, kind and the spec
 * fields their CRDs require.
 */
export function validationErrors(object: K8sObject): string[] {
  const custom = CUSTOM[`${object.apiVersion}/${object.kind}`];
  if (custom) return custom(object);
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(object.metadata?.name ?? "") || object.metadata.name.length > 253)
    return [`metadata.name ${JSON.stringify(object.metadata?.name)} is not a DNS subdomain`];
  let model: new (data: unknown) => { validate(): void };
  try {
    model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
  } catch {
    return [`unknown kind ${object.apiVersion} ${object.kind}`];
  }
  try {
    new model(object).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

const need = (ok: boolean, problem: string) => (ok ? [] : [problem]);
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const common = (o: K8sObject) => [
  ...need(typeof o.metadata?.name === "string" && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.metadata.name), "metadata.name"),
  ...need(isObject(o.spec), "spec is required"),
];

const CUSTOM: Record<string, (o: K8sObject) => string[]> = {
  "monitoring.coreos.com/v1/ServiceMonitor": (o) => [
    ...common(o),
    ...need(isObject(o.spec?.selector), "spec.selector is required"),
    ...need(
      Array.isArray(o.spec?.endpoints) && o.spec.endpoints.every((e: any) => typeof e.port === "string" || Number.isInteger(e.targetPort)),
      "spec.endpoints[] need a port",
    ),
  ],
  "monitoring.coreos.com/v1/PrometheusRule": (o) => [
    ...common(o),
    ...need(
      Array.isArray(o.spec?.groups) &&
        o.spec.groups.every(
          (g: any) =>
            typeof g.name === "string" &&
            Array.isArray(g.rules) &&
            g.rules.every((r: any) => typeof r.expr === "string" && (typeof r.alert === "string") !== (typeof r.record === "string")),
        ),
      "spec.groups[] need a name and rules with expr and one of alert or record",
    ),
  ],
  "kafka.strimzi.io/v1beta2/KafkaTopic": (o) => [
    ...common(o),
    ...need(typeof o.metadata.labels?.["strimzi.io/cluster"] === "string", "the strimzi.io/cluster label"),
    ...need(Number.isInteger(o.spec?.partitions) && o.spec.partitions >= 1, "spec.partitions >= 1"),
    ...need(Number.isInteger(o.spec?.replicas) && o.spec.replicas >= 1 && o.spec.replicas <= 32767, "spec.replicas in 1..32767"),
    ...need(o.spec?.topicName === undefined || typeof o.spec.topicName === "string", "spec.topicName is a string"),
    ...need(o.spec?.config === undefined || isObject(o.spec.config), "spec.config is an object"),
  ],
};
