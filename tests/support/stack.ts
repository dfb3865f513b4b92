import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { composeSupergraph, signSessionToken, SUBGRAPHS } from "@learnloop/devstack";
import { gatewayEnvSchema, startGateway, type RunningGateway } from "@learnloop/gateway";
import { createLogger, generateInternalContextKeys, parseEnv, startSubgraph, type RunningSubgraph } from "@learnloop/kit";
import { createTestDatabase } from "./database";

export interface TestStack {
  gatewayUrl: string;
  gatewayOrigin: string;
  subgraphs: Record<string, RunningSubgraph>;
  keys: { internal: { privateKey: string; publicKey: string }; clerkPrivateKey: string; clerkPublicKey: string; webhookSecret: string };
  token(userId: string, options?: { ttlSeconds?: number; issuedAt?: number }): string;
  stop(): Promise<void>;
}

const silent = createLogger("test", "silent");

/**
 * The real thing on loopback: every subgraph on its own HTTP port against a fresh PostgreSQL
 * database, and the gateway composed from them, with Clerk verification against a test key.
 */
export async function startStack(options: { gatewayEnv?: Record<string, string> } = {}): Promise<TestStack> {
  const database = await createTestDatabase();
  const internal = generateInternalContextKeys();
  const clerk = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const clerkPrivateKey = clerk.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const clerkPublicKey = clerk.publicKey.export({ type: "spki", format: "pem" }).toString();
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const subgraphs: Record<string, RunningSubgraph> = {};
  let gateway: RunningGateway | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-"));
  try {
    for (const entry of SUBGRAPHS) {
      const def = entry.definition;
      const env = parseEnv(def.envSchema!, {
        PORT: "0",
        DATABASE_URL: database.url,
        DATABASE_POOL_SIZE: "4",
        INTERNAL_CONTEXT_PUBLIC_KEY: internal.publicKey,
        CLERK_WEBHOOK_SIGNING_SECRET: webhookSecret,
        LOG_LEVEL: "silent",
      } as never);
      subgraphs[def.name] = await startSubgraph(def as never, env as never, silent);
    }
    const supergraphPath = path.join(dir, "supergraph.graphql");
    fs.writeFileSync(supergraphPath, (await composeSupergraph()).supergraphSdl);
    const env = parseEnv(gatewayEnvSchema, {
      PORT: "0",
      LOG_LEVEL: "silent",
      SUPERGRAPH_PATH: supergraphPath,
      SUBGRAPH_URLS: Object.values(subgraphs)
        .map((s) => `${s.name}=${s.url}`)
        .join(","),
      CLERK_JWT_KEY: clerkPublicKey,
      INTERNAL_CONTEXT_PRIVATE_KEY: internal.privateKey,
      CORS_ORIGINS: "http://app.test",
      ...options.gatewayEnv,
    });
    gateway = await startGateway(env, silent);
  } catch (err) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await database.drop();
    throw err;
  }
  const running = gateway;
  return {
    gatewayUrl: running.url,
    gatewayOrigin: new URL(running.url).origin,
    subgraphs,
    keys: { internal, clerkPrivateKey, clerkPublicKey, webhookSecret },
    token: (userId, opts) => signSessionToken(clerkPrivateKey, { sub: userId, ...opts }),
    async stop() {
      await running.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
}

export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

export const codes = (r: GraphQLResponse) => (r.body.errors ?? []).map((e) => e.extensions?.code);
