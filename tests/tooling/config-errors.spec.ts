import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";
import { gatewayEnvSchema } from "@learnloop/gateway";
import { envSchema as notificationsEnvSchema } from "@learnloop/subgraph-notifications";
import type { z } from "zod";

/** A built service started with only these variables: it must list every problem in one run and exit 1. */
function start(main: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, main)], { env, encoding: "utf8", timeout: 30_000 });
}

/** The variables a schema cannot do without: each one that fails when unset. */
const required = (schema: z.ZodObject) =>
  Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);

const named = (stderr: string) => [...stderr.matchAll(/^ {2}- ([A-Z_]+):/gm)].map((m) => m[1]).sort();

describe("a service with missing configuration names every problem at once", () => {
  it("the gateway, with an empty environment", () => {
    const result = start("gateway/dist/main.js", {});
    expect(result.status).toBe(1);
    expect(required(gatewayEnvSchema)).toContain("INTERNAL_CONTEXT_PRIVATE_KEY");
    // Clerk's key is one of two, so no single field requires it; the schema's own check does.
    expect(named(result.stderr)).toEqual([...required(gatewayEnvSchema), "CLERK_JWT_KEY"].sort());
    expect(result.stderr.match(/Invalid configuration/g)).toHaveLength(1);
  });

  it("the gateway in production, where the issuer and the authorized parties are required too", () => {
    const result = start("gateway/dist/main.js", { NODE_ENV: "production", CLERK_ISSUER: "not a url" });
    expect(result.status).toBe(1);
    expect(named(result.stderr)).toEqual(
      [...required(gatewayEnvSchema), "CLERK_JWT_KEY", "CLERK_ISSUER", "CLERK_AUTHORIZED_PARTIES"].sort(),
    );
    expect(result.stderr).toMatch(/CLERK_ISSUER: Invalid URL/);
  });

  it("a subgraph whose own check across variables fails beside missing ones (notifications)", () => {
    const result = start("subgraphs/notifications/dist/main.js", { SMTP_URL: "smtp://mail.example:587" });
    expect(result.status).toBe(1);
    expect(required(notificationsEnvSchema)).toEqual(expect.arrayContaining(["DATABASE_URL", "INTERNAL_CONTEXT_PUBLIC_KEY"]));
    expect(named(result.stderr)).toEqual([...required(notificationsEnvSchema), "MAIL_FROM"].sort());
  });
});
