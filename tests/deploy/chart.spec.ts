import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deploy, listedSubgraphs, readContracts, SUBGRAPH_ENTRIES } from "@learnloop/devstack";
import { parse } from "yaml";
import { validationErrors } from "./validate";
import { byKind, CHART, countByKind, deploymentOf, generatedServices, rendering, VALUE_SETS, type K8sObject } from "./support";

const services = () => ["gateway", ...SUBGRAPH_ENTRIES.map((e) => e.name)];
const componentOf = (o: K8sObject) => o.metadata.labels?.["app.kubernetes.io/component"];

describe("helm/learnloop", () => {
  it.each(VALUE_SETS)("passes helm lint with the %s values", (_name, values) => {
    const out = deploy.runTool("helm", ["lint", CHART, "--strict", ...values.flatMap((v) => ["-f", v])]);
    expect(out).toContain("0 chart(s) failed");
  });

  it.each(VALUE_SETS)("renders with the %s values into objects valid against the Kubernetes schemas", (name) => {
    const objects = rendering(name);
    console.log(`helm template (${name} values): ${objects.length} objects ${JSON.stringify(countByKind(objects))}`);
    const problems = objects.flatMap((o) => validationErrors(o).map((p) => `${o.kind}/${o.metadata.name}: ${p}`));
    expect(problems).toEqual([]);
    expect(objects.length).toBeGreaterThan(0);
  });

  it("refuses what the Kubernetes schema refuses (the validator is not a no-op)", () => {
    const deployment = structuredClone(deploymentOf(rendering("default"), "gateway")!);
    deployment.spec.template.spec.containers[0].ports[0].containerPort = "eighty";
    expect(validationErrors(deployment).join()).toMatch(/containerPort must be integer/);
    const monitor = structuredClone(byKind(rendering("default"), "ServiceMonitor")[0]);
    delete monitor.spec.endpoints;
    expect(validationErrors(monitor)).toEqual(["spec.endpoints[] need a port"]);
  });

  it.each(VALUE_SETS)("deploys every listed subgraph and the gateway, each with its Service, HPA, PDB, policy and monitor (%s)", (name) => {
    const objects = rendering(name);
    for (const kind of [
      "Deployment",
      "Service",
      "ConfigMap",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
      "NetworkPolicy",
      "ServiceMonitor",
    ])
      expect([kind, byKind(objects, kind).map(componentOf).sort()]).toEqual([kind, services().sort()]);
    expect(byKind(objects, "Ingress").map(componentOf)).toEqual(["gateway"]);
    for (const entry of SUBGRAPH_ENTRIES) {
      const service = byKind(objects, "Service").find((s) => componentOf(s) === entry.name)!;
      expect(service.spec.ports.find((p: { name: string }) => p.name === "http").port).toBe(entry.port);
    }
    const gatewayConfig = byKind(objects, "ConfigMap").find((c) => componentOf(c) === "gateway")!;
    expect(gatewayConfig.data!.SUBGRAPH_URLS.split(",")).toEqual(
      SUBGRAPH_ENTRIES.map((e) => `${e.name}=http://learnloop-${e.name}:${e.port}/graphql`),
    );
  });

  it.each(VALUE_SETS)("gives every pod probes on /health and /ready, resources, a locked-down securityContext and spread (%s)", (name) => {
    for (const d of byKind(rendering(name), "Deployment")) {
      const pod = d.spec.template.spec;
      const [container] = pod.containers;
      expect([
        d.metadata.name,
        container.livenessProbe.httpGet.path,
        container.startupProbe.httpGet.path,
        container.readinessProbe.httpGet.path,
      ]).toEqual([d.metadata.name, "/health", "/health", "/ready"]);
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        privileged: false,
        capabilities: { drop: ["ALL"] },
      });
      expect(container.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
      expect(pod.volumes).toContainEqual({ name: "tmp", emptyDir: expect.any(Object) });
      expect(pod.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey)).toEqual([
        "topology.kubernetes.io/zone",
        "kubernetes.io/hostname",
      ]);
      expect(pod.automountServiceAccountToken).toBe(false);
    }
  });

  it.each(VALUE_SETS)(
    "stores no secret: no Secret object, credentials only by secretKeyRef to the existing Secret (%s)",
    (name, values) => {
      const objects = rendering(name);
      expect(byKind(objects, "Secret")).toEqual([]);
      const existing = name === "prod" ? "learnloop-prod" : "learnloop";
      expect(fs.readFileSync(values[0] ?? path.join(CHART, "values.yaml"), "utf8")).toContain(`existingSecret: ${existing}`);
      for (const d of byKind(objects, "Deployment")) {
        const env = d.spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: any }[];
        const config = byKind(objects, "ConfigMap").find((c) => c.metadata.name === d.metadata.name)!.data!;
        for (const name of [...env.map((e) => e.name), ...Object.keys(config)])
          if (deploy.isSecretVariable(name)) {
            const entry = env.find((e) => e.name === name);
            expect([name, entry?.valueFrom?.secretKeyRef]).toEqual([name, expect.objectContaining({ name: existing, key: name })]);
          }
        expect(env.filter((e) => e.value !== undefined)).toEqual([]);
        // Nothing that looks like a credential in plain config either.
        expect(Object.values(config).filter((v) => /-----BEGIN|^(sk|rk)_|^whsec_|:\/\/[^/\s]+:[^@/\s]+@/.test(v))).toEqual([]);
      }
    },
  );

  it("refuses a credential in values, and a required variable without a value", () => {
    expect(() => deploy.helmTemplate({ set: ["gateway.env.INTERNAL_CONTEXT_PRIVATE_KEY=oops"] })).toThrow(
      /gateway: INTERNAL_CONTEXT_PRIVATE_KEY is a secret; put it in the Secret learnloop/,
    );
    expect(() => deploy.helmTemplate({ set: ["subgraphs.billing.env.STRIPE_PRICE_PRO=null"] })).toThrow(
      /billing needs STRIPE_PRICE_PRO: set it under subgraphs.billing.env/,
    );
  });

  it("gives the startup probe its budget, and refuses one the migration lock's wait does not fit in", () => {
    const objects = rendering("default");
    for (const d of byKind(objects, "Deployment")) {
      const probe = d.spec.template.spec.containers[0].startupProbe;
      expect([d.metadata.name, probe.periodSeconds * probe.failureThreshold, probe.budgetSeconds]).toEqual([
        d.metadata.name,
        900,
        undefined,
      ]);
    }
    expect(new Set(byKind(objects, "ConfigMap").map((c) => c.data!.MIGRATION_LOCK_TIMEOUT_MS))).toEqual(new Set(["600000"]));
    expect(() => deploy.helmTemplate({ set: ["subgraphs.progress.probes.startup.budgetSeconds=600"] })).toThrow(
      /progress: the startup probe's budget \(600s\) must exceed MIGRATION_LOCK_TIMEOUT_MS \(600000 ms\)/,
    );
  });

  it("reads its services from generated/services.json, which npm run compose keeps in sync with subgraphs.json", async () => {
    const fresh = deploy.deployServices(listedSubgraphs(), readContracts());
    expect(generatedServices()).toEqual(JSON.parse(fresh));
    expect(generatedServices().subgraphs.map((s) => [s.name, s.port])).toEqual(SUBGRAPH_ENTRIES.map((e) => [e.name, e.port]));
  });

  it("deploys a subgraph added to the list without a change to the chart's templates or values", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-chart-"));
    try {
      fs.cpSync(CHART, copy, { recursive: true });
      const file = path.join(copy, "generated", "services.json");
      const list = JSON.parse(fs.readFileSync(file, "utf8"));
      list.subgraphs.push({ ...list.subgraphs[1], name: "reviews", port: 4006, metricsPort: 5006 });
      fs.writeFileSync(file, JSON.stringify(list));
      const objects = deploy.helmTemplate({ chart: copy });
      const reviews = objects.filter((o) => componentOf(o) === "reviews").map((o) => o.kind);
      expect(reviews.sort()).toEqual(
        ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget", "Service", "ServiceMonitor"].sort(),
      );
      const gatewayConfig = byKind(objects, "ConfigMap").find((c) => componentOf(c) === "gateway")!;
      expect(gatewayConfig.data!.SUBGRAPH_URLS).toContain("reviews=http://learnloop-reviews:4006/graphql");
      expect(objects.flatMap((o) => validationErrors(o))).toEqual([]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("renders a Strimzi KafkaTopic for every contract topic and dead-letter topic when enabled (prod)", () => {
    const topics = byKind(rendering("prod"), "KafkaTopic");
    const contractTopics = new Set(readContracts().map((c) => c["x-event"].topic));
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual(generatedServices().kafkaTopics);
    for (const topic of contractTopics) expect(topics.map((t) => t.spec.topicName)).toContain(topic);
    expect(topics.every((t) => t.metadata.labels!["strimzi.io/cluster"] === "learnloop")).toBe(true);
    expect(byKind(rendering("default"), "KafkaTopic")).toEqual([]);
  });

  it("has the monitoring switches the PrometheusRule template reads", () => {
    const values = parse(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8"));
    expect(values.monitoring).toMatchObject({ serviceMonitor: { enabled: true }, prometheusRules: { enabled: true } });
    expect(deploy.helmTemplate({ set: ["monitoring.serviceMonitor.enabled=false"] }).filter((o) => o.kind === "ServiceMonitor")).toEqual(
      [],
    );
  });
});
