import { fork, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { gatewayEnvSchema, startGateway, type RunningGateway } from "@learnloop/gateway";
import {
  createLogger,
  generateInternalContextKeys,
  INTERNAL_CONTEXT_HEADER,
  InternalContextSigner,
  parseEnv,
  type RunningSubgraph,
} from "@learnloop/kit/internal";
import { parse } from "graphql";
import { createTestDatabase } from "@learnloop/devstack";
import { productsSubgraph } from "./products";

export const SUITE_DIR = path.dirname(require.resolve("@apollo/federation-subgraph-compatibility-tests/package.json"));
/** The suite's client hard-codes the router at http://localhost:4000/. */
const ROUTER_PORT = 4000;
const silent = createLogger("compat", "silent");

export interface CompatibilityStack {
  /** Where the suite sends its direct subgraph requests (PRODUCTS_URL). */
  productsUrl: string;
  stop(): Promise<void>;
}

/**
 * The supergraph the suite expects: our products subgraph (built with the kit), Apollo's
 * reference users and inventory subgraphs, and the Learnloop gateway composing the three.
 */
export async function startCompatibilityStack(): Promise<CompatibilityStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const router = await listen(http.createServer(), ROUTER_PORT).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE")
        throw new Error("Port 4000 is in use (is `npm start` running?). The compatibility suite needs it for the router.");
      throw err;
    });
    stops.push(() => close(router));

    const database = await createTestDatabase();
    stops.push(() => database.drop());
    const keys = generateInternalContextKeys();
    const products: RunningSubgraph = await productsSubgraph.start(
      { PORT: "0", DATABASE_URL: database.url, INTERNAL_CONTEXT_PUBLIC_KEY: keys.publicKey, LOG_LEVEL: "silent" },
      silent,
    );
    stops.push(() => products.stop());

    const users = await startReferenceSubgraph("users", "USERS_PORT");
    stops.push(users.stop);
    const inventory = await startReferenceSubgraph("inventory", "INVENTORY_PORT");
    stops.push(inventory.stop);

    const composition = composeServices([
      { name: "products", url: products.url, typeDefs: parse(printSubgraphSchema(await productsSubgraph.schema())) },
      { name: "users", url: users.url, typeDefs: parse(referenceSdl("users")) },
      { name: "inventory", url: inventory.url, typeDefs: parse(referenceSdl("inventory")) },
    ]);
    if (composition.errors) throw new Error(`composition failed: ${composition.errors.map((e) => e.message).join("; ")}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-compat-"));
    stops.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const supergraphPath = path.join(dir, "supergraph.graphql");
    fs.writeFileSync(supergraphPath, composition.supergraphSdl);

    const clerk = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const gateway: RunningGateway = await startGateway(
      parseEnv(gatewayEnvSchema, {
        PORT: "0",
        LOG_LEVEL: "silent",
        SUPERGRAPH_PATH: supergraphPath,
        SUBGRAPH_URLS: `products=${products.url},users=${users.url},inventory=${inventory.url}`,
        CLERK_JWT_KEY: clerk.publicKey.export({ type: "spki", format: "pem" }).toString(),
        INTERNAL_CONTEXT_PRIVATE_KEY: keys.privateKey,
      }),
      silent,
    );
    stops.push(() => gateway.stop());
    // The suite posts to "/" where our gateway serves "/graphql".
    router.on("request", forwardTo(gateway.url));

    // Direct subgraph requests stand in for the gateway, so they carry a context it signed.
    const signer = new InternalContextSigner(keys.privateKey);
    let n = 0;
    const direct = await listen(
      http.createServer(
        forwardTo(products.url, async () => ({ [INTERNAL_CONTEXT_HEADER]: await signer.sign({ requestId: `compat-${++n}` }, "products") })),
      ),
      0,
    );
    stops.push(() => close(direct));
    return { productsUrl: `http://127.0.0.1:${(direct.address() as AddressInfo).port}/`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function referenceSdl(name: string): string {
  return fs.readFileSync(path.join(SUITE_DIR, "dist", "subgraphs", name, `${name}.graphql`), "utf8");
}

async function startReferenceSubgraph(name: string, portVariable: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = fork(path.join(SUITE_DIR, "dist", "subgraphs", name, "index.js"), [], {
    env: { ...process.env, [portVariable]: String(port) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", (m) => (m === "ready" ? resolve() : reject(new Error(`${name}: unexpected message ${String(m)}`))));
    child.once("exit", (code) => reject(new Error(`reference subgraph ${name} exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function forwardTo(
  target: string,
  headers: () => Record<string, string> | Promise<Record<string, string>> = () => ({}),
): http.RequestListener {
  const url = new URL(target);
  return async (req, res) => {
    const extra = await headers();
    const upstream = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: req.method,
        headers: { ...req.headers, host: url.host, ...extra },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  };
}

function listen(server: http.Server, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

async function freePort(): Promise<number> {
  const server = await listen(http.createServer(), 0);
  const { port } = server.address() as AddressInfo;
  await close(server);
  return port;
}
