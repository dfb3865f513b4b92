import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deploy, SUBGRAPH_ENTRIES } from "@learnloop/devstack";
import { PROD_VALUES, rendering, VALUE_SETS } from "./support";

const { allowed, inCidr } = deploy;

describe("the NetworkPolicy evaluator", () => {
  const pod = (name: string, labels: Record<string, string>, namespace = "ns") => ({
    name,
    namespace,
    namespaceLabels: { "kubernetes.io/metadata.name": namespace },
    labels,
    ip: "10.244.0.1",
  });
  const policy = (spec: object) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "p", namespace: "ns" },
    spec,
  });
  const a = pod("a", { app: "a" });
  const b = pod("b", { app: "b" });

  it("allows everything without policies, and denies into a pod a policy isolates without rules", () => {
    expect(allowed([], a, b, { port: 80 })).toBe(true);
    expect(allowed([policy({ podSelector: { matchLabels: { app: "b" } } })], a, b, { port: 80 })).toBe(false);
    expect(allowed([policy({ podSelector: { matchLabels: { app: "b" } } })], b, a, { port: 80 })).toBe(true);
  });

  it("needs both the source's egress and the destination's ingress", () => {
    const ingress = policy({
      podSelector: { matchLabels: { app: "b" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "a" } } }], ports: [{ port: 80 }] }],
    });
    const egress = policy({ podSelector: { matchLabels: { app: "a" } }, policyTypes: ["Egress"], egress: [] });
    expect(allowed([ingress], a, b, { port: 80 })).toBe(true);
    expect(allowed([ingress], a, b, { port: 81 })).toBe(false);
    expect(allowed([ingress], a, b, { port: 80, protocol: "UDP" })).toBe(false);
    expect(allowed([ingress, egress], a, b, { port: 80 })).toBe(false);
    // A pod selector alone means this namespace only.
    expect(allowed([ingress], pod("a elsewhere", { app: "a" }, "other"), b, { port: 80 })).toBe(false);
  });

  it("reads ipBlocks with their exceptions", () => {
    expect(inCidr("10.20.1.5", "10.20.0.0/16")).toBe(true);
    expect(inCidr("10.21.0.1", "10.20.0.0/16")).toBe(false);
    const out = policy({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ port: 443 }] }],
    });
    expect(allowed([out], a, { name: "x", ip: "198.51.100.1" }, { port: 443 })).toBe(true);
    expect(allowed([out], a, { name: "x", ip: "10.1.1.1" }, { port: 443 })).toBe(false);
  });
});

describe.each(VALUE_SETS)("reachability under the rendered NetworkPolicies (%s values)", (name, values) => {
  const objects = () => rendering(name);
  const net = () => deploy.networkValues([...values]);
  const result = () => deploy.reachability(objects(), net());

  it("prints the table", () => {
    console.log(`reachability (${name} values)\n\n${deploy.reachabilityTables(result())}`);
  });

  it("lets the Ingress controller reach the gateway's port and nothing else; no other outsider reaches any pod", () => {
    const r = result();
    const gateway = r.pods.find((p) => p.name === "gateway")!;
    for (const source of r.sources) {
      if (r.pods.some((p) => p.name === source.name) || source.name === "prometheus") continue;
      const expected = Object.fromEntries(
        r.pods.map((p) => [p.name, source.name === "ingress controller" && p === gateway ? [gateway.ports[0]] : []]),
      );
      expect([source.name, r.ingress[source.name]]).toEqual([source.name, expected]);
    }
  });

  it("lets a subgraph's GraphQL port be reached only by the gateway and its own pods, and metrics only by Prometheus", () => {
    const r = result();
    for (const entry of SUBGRAPH_ENTRIES) {
      const pod = r.pods.find((p) => p.name === entry.name)!;
      expect(pod.ports).toEqual([entry.port, entry.port + 1000]);
      for (const source of r.sources) {
        const expected = [
          ...(source.name === "gateway" || source.name === entry.name ? [entry.port] : []),
          ...(source.name === "prometheus" ? [entry.port + 1000] : []),
        ];
        expect([source.name, entry.name, r.ingress[source.name][entry.name]]).toEqual([source.name, entry.name, expected]);
      }
    }
    expect(r.ingress.prometheus.gateway).toEqual([5000]);
  });

  it("limits egress to DNS, PostgreSQL, Kafka, and Redis and the providers for the services the values name", () => {
    const r = result();
    const v = net();
    for (const pod of r.pods)
      for (const to of r.externals) {
        const provider = Object.entries(v.providers).some(
          ([p, b]) =>
            b.services!.includes(pod.name) &&
            b.cidrs.some((c) => deploy.inCidr(to.ip, c) && !(b.except ?? []).some((e) => deploy.inCidr(to.ip, e))) &&
            b.ports!.includes(to.port) &&
            p.length > 0,
        );
        const expected =
          ["DNS", "PostgreSQL", "Kafka"].includes(to.name) || (to.name === "Redis" && v.redis.services!.includes(pod.name)) || provider;
        expect([pod.name, to.name, r.egress[pod.name][to.name]]).toEqual([pod.name, to.name, expected]);
      }
  });

  it("opens only the provider egress written here by hand (none by default: the chart fails closed)", () => {
    const byValues: Record<string, string[]> = {
      default: [],
      // Stripe, Clerk and AssemblyAI share the egress proxy's range: whoever reaches the proxy
      // reaches all three addresses; the proxy decides which hosts. SMTP has its own relay.
      prod: [
        "billing→assemblyai",
        "billing→clerk",
        "billing→stripe",
        "gateway→assemblyai",
        "gateway→clerk",
        "gateway→stripe",
        "notifications→smtp",
      ],
    };
    const r = result();
    const open = r.pods.flatMap((p) =>
      Object.keys(net().providers)
        .filter((provider) => r.egress[p.name][provider])
        .map((provider) => `${p.name}→${provider}`),
    );
    expect(open.sort()).toEqual(byValues[name]);
    const annotations = Object.fromEntries(
      objects()
        .filter((o) => o.kind === "NetworkPolicy" && o.metadata.annotations)
        .map((o) => [o.metadata.labels!["app.kubernetes.io/component"], o.metadata.annotations!["learnloop.dev/egress-not-configured"]]),
    );
    expect(annotations).toEqual(name === "default" ? { billing: "stripe", gateway: "clerk", notifications: "smtp" } : {});
  });
});

describe("a public address (203.0.113.10, TEST-NET-3) on every port any policy allows", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-np-"));
  const file = (name: string, providers: object) => {
    const f = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(f, JSON.stringify({ networkPolicy: { providers } }));
    return f;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const devValues = deploy.OVERLAYS.find((o) => o.name === "dev")!.values;

  // The expectations are written out, not derived from the values the template reads.
  it.each([
    ["default", () => [], {}],
    ["prod", () => [PROD_VALUES], {}],
    ["the dev overlay's", () => devValues, {}],
    ["stripe at 203.0.113.0/24", () => [file("stripe", { stripe: { cidrs: ["203.0.113.0/24"] } })], { billing: [443] }],
    [
      "smtp at 203.0.113.8/29 over prod",
      () => [PROD_VALUES, file("smtp", { smtp: { cidrs: ["203.0.113.8/29"], ports: [465, 587] } })],
      { notifications: [465, 587] },
    ],
    [
      "clerk at 203.0.113.0/24 except 203.0.113.10/32",
      () => [file("clerk", { clerk: { cidrs: ["203.0.113.0/24"], except: ["203.0.113.10/32"] } })],
      {},
    ],
  ] as [string, () => string[], Record<string, number[]>][])(
    "is reached only where a provider range holds it (%s values)",
    (_name, files, reached) => {
      const values = files();
      const objects = deploy.helmTemplate({ values });
      const r = deploy.reachability(objects, deploy.networkValues(values));
      expect(r.probedPorts).toEqual(expect.arrayContaining([80, 443, 465, 587, 5432, 9092, 6379]));
      const services = ["gateway", ...SUBGRAPH_ENTRIES.map((e) => e.name)];
      expect(r.publicReach).toEqual(Object.fromEntries(services.map((s) => [s, reached[s] ?? []])));
    },
  );
});

it("docs/deployment.md holds the default values' table (npm run deploy:render)", () => {
  const doc = fs.readFileSync(deploy.DEPLOYMENT_DOC, "utf8");
  const tables = deploy.reachabilityTables(deploy.reachability(rendering("default"), deploy.networkValues()));
  const normalise = (s: string) => s.replace(/\s*\|\s*/g, "|").replace(/\|-+(?=\|)/g, "|-");
  expect(normalise(doc)).toContain(normalise(tables));
});

it("reaches an in-cluster Kafka by its labels only (prod values: Strimzi's brokers)", () => {
  const objects = rendering("prod");
  const pods = deploy.podsOf(objects, "learnloop");
  const pod = (namespace: string, labels: Record<string, string>) => ({
    name: "x",
    namespace,
    namespaceLabels: { "kubernetes.io/metadata.name": namespace },
    labels,
    ip: "10.244.9.9",
  });
  const broker = { "strimzi.io/cluster": "learnloop", "strimzi.io/kind": "Kafka", "strimzi.io/name": "learnloop-kafka" };
  for (const from of pods) {
    expect([from.name, allowed(objects, from, pod("kafka", broker), { port: 9092 })]).toEqual([from.name, true]);
    expect(allowed(objects, from, pod("kafka", broker), { port: 2181 })).toBe(false);
    expect(allowed(objects, from, pod("kafka", { "strimzi.io/kind": "KafkaConnect" }), { port: 9092 })).toBe(false);
    expect(allowed(objects, from, pod("default", broker), { port: 9092 })).toBe(false);
  }
});
