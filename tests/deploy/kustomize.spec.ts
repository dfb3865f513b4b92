import fs from "node:fs";
import { deploy } from "@learnloop/devstack";
import { validationErrors } from "./validate";
import { byKind, countByKind, type K8sObject } from "./support";

const overlay = (name: string) => deploy.OVERLAYS.find((o) => o.name === name)!;
const kustomized = new Map<string, K8sObject[]>();
const kustomize = (name: string) => {
  if (!kustomized.has(name)) kustomized.set(name, deploy.kustomize(deploy.overlayDir(overlay(name))));
  return kustomized.get(name)!;
};
/** What a kind's objects say, by name: a ConfigMap's data, a NetworkPolicy's spec. */
const contents = (objects: K8sObject[], kind: "ConfigMap" | "NetworkPolicy") =>
  Object.fromEntries(byKind(objects, kind).map((o) => [o.metadata.name, kind === "ConfigMap" ? o.data : o.spec]));

it.each(deploy.OVERLAYS.map((o) => [o.name, o] as const))(
  "k8s/overlays/%s/learnloop.yaml is the chart rendered with that overlay's values (npm run deploy:render)",
  (_name, o) => {
    expect(fs.readFileSync(deploy.overlayFile(o), "utf8")).toBe(deploy.overlayText(o));
  },
);

it.each([
  ["dev", "learnloop-dev", 1],
  ["prod", "learnloop", 3],
])("kubectl kustomize k8s/overlays/%s renders objects valid against the Kubernetes schemas", (name, namespace, minReplicas) => {
  const objects = kustomize(name);
  console.log(`kubectl kustomize k8s/overlays/${name}: ${objects.length} objects ${JSON.stringify(countByKind(objects))}`);
  expect(objects.flatMap((o) => validationErrors(o).map((p) => `${o.kind}/${o.metadata.name}: ${p}`))).toEqual([]);
  expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set([namespace]));
  expect(byKind(objects, "HorizontalPodAutoscaler").map((h) => h.spec.minReplicas)).toEqual(
    byKind(objects, "HorizontalPodAutoscaler").map(() => minReplicas),
  );
  expect(byKind(objects, "Secret")).toEqual([]);
  expect(objects.every((o) => o.metadata.labels?.["app.kubernetes.io/managed-by"] === "kustomize")).toBe(true);
});

it.each(["dev", "prod"])(
  "kubectl kustomize k8s/overlays/%s gives the ConfigMaps, NetworkPolicies and kinds of helm template with its values",
  (name) => {
    const helm = deploy.helmTemplate({ values: overlay(name).values, namespace: overlay(name).namespace });
    const objects = kustomize(name);
    expect(countByKind(objects)).toEqual(countByKind(helm));
    expect(contents(objects, "ConfigMap")).toEqual(contents(helm, "ConfigMap"));
    expect(contents(objects, "NetworkPolicy")).toEqual(contents(helm, "NetworkPolicy"));
  },
);

it("ships prod's own settings in the prod overlay, not the chart's examples", () => {
  const config = (component: string) =>
    byKind(kustomize("prod"), "ConfigMap").find((c) => c.metadata.labels?.["app.kubernetes.io/component"] === component)!.data!;
  expect(config("gateway")).toMatchObject({
    CLERK_ISSUER: "https://clerk.learnloop.app",
    CORS_ORIGINS: "https://app.learnloop.app",
    KAFKA_BROKERS: "learnloop-kafka-bootstrap.kafka:9092",
  });
  expect(config("billing")).toMatchObject({
    STRIPE_PRICE_PLUS: "price_1PlusLearnloop",
    CHECKOUT_SUCCESS_URL: "https://app.learnloop.app/billing?checkout=success",
  });
  const text = JSON.stringify(kustomize("prod"));
  expect(text).not.toMatch(/learnloop\.example|localhost|"price_plus"/);
  const postgresEgress = byKind(kustomize("prod"), "NetworkPolicy").map((p) =>
    p.spec.egress.flatMap((rule: { to: { ipBlock?: { cidr: string } }[] }) => rule.to.map((peer) => peer.ipBlock?.cidr)),
  );
  for (const cidrs of postgresEgress) expect(cidrs).toContain("10.20.0.0/24");
  expect(byKind(kustomize("prod"), "ConfigMap").every((c) => c.data!.LOG_LEVEL === "info")).toBe(true);
  expect(byKind(kustomize("dev"), "ConfigMap").every((c) => c.data!.LOG_LEVEL === "debug")).toBe(true);
});
