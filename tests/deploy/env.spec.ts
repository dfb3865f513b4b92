import { deploy, listedSubgraphs } from "@learnloop/devstack";
import { gatewayEnvSchema } from "@learnloop/gateway";
import type { z } from "zod";
import { byKind, deploymentOf, rendering, VALUE_SETS, type K8sObject } from "./support";

// The env schemas are the source: a required variable the chart does not set fails here.
const schemas = (): [string, z.ZodObject][] => [
  ["gateway", gatewayEnvSchema],
  ...listedSubgraphs().map((s) => [s.name, s.subgraph.envSchema as unknown as z.ZodObject] as [string, z.ZodObject]),
];

/** What the chart gives a service's container: plain values (its ConfigMap) and the names it takes from the Secret. */
function chartEnv(objects: K8sObject[], service: string) {
  const container = deploymentOf(objects, service)!.spec.template.spec.containers[0];
  const plain: Record<string, string> = {};
  for (const from of container.envFrom ?? [])
    Object.assign(plain, byKind(objects, "ConfigMap").find((c) => c.metadata.name === from.configMapRef.name)!.data);
  const fromSecret = (container.env as { name: string; valueFrom?: { secretKeyRef?: { optional?: boolean } } }[])
    .filter((e) => e.valueFrom?.secretKeyRef)
    .map((e) => ({ name: e.name, optional: e.valueFrom!.secretKeyRef!.optional === true }));
  return { plain, fromSecret };
}

/** Every way the chart's environment fails the service's schema. */
function envProblems(objects: K8sObject[], service: string, schema: z.ZodObject): string[] {
  const { plain, fromSecret } = chartEnv(objects, service);
  const required = Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => deploy.isRequired(field))
    .map(([n]) => n);
  const secretNames = new Set(fromSecret.map((s) => s.name));
  const problems = [
    ...required.filter((n) => !(n in plain) && !secretNames.has(n)).map((n) => `${n}: required, and the chart does not set it`),
    ...fromSecret.filter((s) => s.optional && required.includes(s.name)).map((s) => `${s.name}: required, but an optional Secret key`),
  ];
  // The whole schema, cross-variable checks included (CLERK_ISSUER with NODE_ENV=production). The
  // Secret's values are unknown here, so problems with names taken from it do not count.
  const parsed = schema.safeParse({ ...plain, ...Object.fromEntries([...secretNames].map((n) => [n, "from-the-secret"])) });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const text = `${issue.path.join(".")}: ${issue.message}`;
      if (!secretNames.has(String(issue.path[0])) && !problems.some((p) => p.startsWith(`${issue.path[0]}:`))) problems.push(text);
    }
  return problems;
}

describe.each(VALUE_SETS)("each service's environment from the chart (%s values)", (name) => {
  it.each(schemas())("%s: every required variable is set, and the plain values parse", (service, schema) => {
    expect(envProblems(rendering(name), service, schema)).toEqual([]);
    const { plain } = chartEnv(rendering(name), service);
    expect([plain.NODE_ENV, plain.HOST]).toEqual(["production", "0.0.0.0"]);
  });
});

describe("the check itself", () => {
  it("fails for a new required variable the chart has no value for", () => {
    const billing = schemas().find(([n]) => n === "billing")![1];
    const stricter = billing.extend({ BILLING_NEW_SETTING: billing.shape.STRIPE_PRICE_PRO });
    expect(envProblems(rendering("default"), "billing", stricter)).toEqual([
      "BILLING_NEW_SETTING: required, and the chart does not set it",
    ]);
  });

  it("fails when a cross-variable rule is broken (the gateway's issuer in production)", () => {
    const objects = deploy.helmTemplate({ set: ["gateway.env.CLERK_ISSUER=null"] });
    expect(envProblems(objects, "gateway", gatewayEnvSchema)).toEqual([
      "CLERK_ISSUER: required when NODE_ENV=production: Clerk's Frontend API URL",
    ]);
  });
});
