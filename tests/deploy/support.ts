import fs from "node:fs";
import path from "node:path";
import { deploy } from "@learnloop/devstack";

export const { CHART, PROD_VALUES, K8S_DIR } = deploy;
export type K8sObject = deploy.K8sObject;

/** The chart rendered once per values set, shared by the specs in this folder. */
const rendered = new Map<string, K8sObject[]>();
export function rendering(name: "default" | "prod"): K8sObject[] {
  if (!rendered.has(name)) rendered.set(name, deploy.helmTemplate({ values: name === "prod" ? [PROD_VALUES] : [] }));
  return rendered.get(name)!;
}
export const VALUE_SETS = [
  ["default", []],
  ["prod", [PROD_VALUES]],
] as const;

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

export const countByKind = (objects: K8sObject[]) =>
  Object.fromEntries([...new Set(objects.map((o) => o.kind))].sort().map((kind) => [kind, byKind(objects, kind).length] as const));

/** The generated list the chart reads (npm run compose). */
export const generatedServices = () =>
  JSON.parse(fs.readFileSync(path.join(CHART, "generated", "services.json"), "utf8")) as {
    gateway: { name: string; port: number; metricsPort: number; env: deploy.DeployedEnv };
    subgraphs: { name: string; port: number; metricsPort: number; env: deploy.DeployedEnv }[];
    kafkaTopics: string[];
  };

/** A service's Deployment: by the component label. */
export const deploymentOf = (objects: K8sObject[], service: string) =>
  byKind(objects, "Deployment").find((d) => d.metadata.labels?.["app.kubernetes.io/component"] === service);
