import fs from "node:fs";
import path from "node:path";
import { deploy } from "@learnloop/devstack";
import { validationErrors } from "./validate";
import { byKind, countByKind, K8S_DIR } from "./support";

it("k8s/base is the chart rendered with k8s/base/values.yaml (npm run deploy:render)", () => {
  expect(fs.readFileSync(deploy.K8S_BASE, "utf8")).toBe(deploy.k8sBaseText());
});

it.each([
  ["dev", "learnloop-dev", 1],
  ["prod", "learnloop", 3],
])("kubectl kustomize k8s/overlays/%s renders objects valid against the Kubernetes schemas", (overlay, namespace, minReplicas) => {
  const objects = deploy.kustomize(path.join(K8S_DIR, "overlays", overlay));
  console.log(`kubectl kustomize k8s/overlays/${overlay}: ${objects.length} objects ${JSON.stringify(countByKind(objects))}`);
  expect(objects.flatMap((o) => validationErrors(o).map((p) => `${o.kind}/${o.metadata.name}: ${p}`))).toEqual([]);
  expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set([namespace]));
  expect(byKind(objects, "HorizontalPodAutoscaler").map((h) => h.spec.minReplicas)).toEqual(
    byKind(objects, "HorizontalPodAutoscaler").map(() => minReplicas),
  );
  expect(byKind(objects, "Secret")).toEqual([]);
  expect(objects.every((o) => o.metadata.labels?.["app.kubernetes.io/managed-by"] === "kustomize")).toBe(true);
  // The same services and kinds as the chart.
  expect(countByKind(objects)).toEqual(countByKind(deploy.helmTemplate({ values: [deploy.K8S_BASE_VALUES] })));
});
