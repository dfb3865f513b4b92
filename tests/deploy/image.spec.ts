import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, REPO_ROOT, SUBGRAPH_ENTRIES } from "@learnloop/devstack";
import { generateInternalContextKeys } from "@learnloop/kit/internal";

// No Docker engine here: what the Dockerfile copies must exist, and each service's app, assembled by
// the script the Dockerfile runs, must install its production dependencies and start on its own.
const { assemble, copied } = require("../../tools/deploy/image-app.cjs") as {
  assemble(service: string, out: string, options: { offline?: boolean }): { folders: string[]; main: string };
  copied(dir: string, src: string): boolean;
};

it("leaves compiled tests out of an image's folders", () => {
  const dir = "/r/packages/kit";
  const taken = (p: string) => copied(dir, `${dir}/${p}`);
  for (const p of ["dist/db/returned-rows.spec.js", "dist/db/returned-rows.spec.d.ts", "dist/a.test.js.map", "dist/__tests__", "src"])
    expect([p, taken(p)]).toEqual([p, false]);
  for (const p of ["dist/db/database.js", "dist/db/database.d.ts", "dist/inspect.js", "package.json"])
    expect([p, taken(p)]).toEqual([p, true]);
});

const dockerfile = fs.readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8");
/** An exec-form instruction's argument list (`ENTRYPOINT [...]`, `HEALTHCHECK ... CMD [...]`). */
const execForm = (pattern: RegExp) => JSON.parse(pattern.exec(dockerfile.replace(/\\\n\s*/g, " "))![1]) as string[];
const entrypoint = execForm(/^ENTRYPOINT (\[.*\])$/m);
const healthcheck = execForm(/^HEALTHCHECK .*?CMD (\[.*\])$/m);
/** The image's /app, at the folder the app was assembled in. */
const inApp = (out: string) => (arg: string) => arg.replace(/\/app(?=[/'"]|$)/g, out);

it("copies only paths that exist into the build, runs as a non-root user with a health check", () => {
  const copies = dockerfile
    .split("\n")
    .filter((l) => /^COPY\s/.test(l) && !l.includes("--from="))
    .map((l) => l.trim().split(/\s+/).slice(1, -1));
  expect(copies.length).toBeGreaterThan(0);
  expect(copies.flat().filter((src) => !fs.existsSync(path.join(REPO_ROOT, src)))).toEqual([]);
  expect(dockerfile).toMatch(/^USER 1000:1000$/m);
  expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/health/m);
  expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20[\w.-]*-slim$/m);
  expect(dockerfile).toContain('node tools/deploy/image-app.cjs "${SERVICE}" /app');
  // The build context leaves out what the build makes itself.
  const ignore = fs.readFileSync(path.join(REPO_ROOT, ".dockerignore"), "utf8");
  expect(ignore).toMatch(/\*\*\/node_modules[\s\S]*\*\*\/dist/);
  // Nor credentials a developer keeps in the tree.
  for (const pattern of ["**/.env", "**/.env.*", "**/*.pem", "**/*.key"]) expect(ignore.split("\n")).toContain(pattern);
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** GET /health until it answers 200, or the process exits (its stderr in the error). */
async function healthy(child: ChildProcess, url: string, stderr: () => string): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${stderr().slice(-2000)}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return status;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(["gateway", ...SUBGRAPH_ENTRIES.map((e) => e.name)])("the %s image's app", (service) => {
  let out: string;
  let folders: string[];
  let main: string;
  let exitOnSigterm: number | null = null;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), `learnloop-image-${service}-`));
    // From the npm cache the workspace's own install filled: the test needs no registry.
    ({ folders, main } = assemble(service, out, { offline: true }));
  }, 240_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it("holds production dependencies only, and they resolve", () => {
    const name = JSON.parse(fs.readFileSync(path.join(out, folders[0], "package.json"), "utf8")).name;
    execFileSync("npm", ["ls", "--omit=dev", "--all", "--workspace", name], { cwd: out, stdio: "pipe" });
    for (const dev of ["jest", "typescript", "eslint", "@aws-cdk/lambda-layer-kubectl-v33", "kubernetes-models", "playwright-core"])
      expect([dev, fs.existsSync(path.join(out, "node_modules", dev))]).toEqual([dev, false]);
    expect(fs.existsSync(path.join(out, main))).toBe(true);
    expect(folders.every((f) => !fs.existsSync(path.join(out, f, "src")))).toBe(true);
    // No compiled tests, should a tsconfig ever emit them into dist.
    const tests = folders.flatMap((f) =>
      (fs.readdirSync(path.join(out, f), { recursive: true }) as string[]).filter(
        (p) => !p.startsWith("node_modules") && /(\.(spec|test)\.|__tests__)/.test(p),
      ),
    );
    expect(tests).toEqual([]);
  });

  it("starts from that install alone and answers /health", async () => {
    const database = await createTestDatabase();
    const internal = generateInternalContextKeys();
    const clerk = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const port = await freePort();
    const env: Record<string, string> =
      service === "gateway"
        ? {
            INTERNAL_CONTEXT_PRIVATE_KEY: internal.privateKey,
            CLERK_JWT_KEY: clerk,
            CLERK_ISSUER: "https://clerk.learnloop.example",
            CLERK_AUTHORIZED_PARTIES: "https://app.learnloop.example",
            DATABASE_URL: database.url,
          }
        : {
            DATABASE_URL: database.url,
            INTERNAL_CONTEXT_PUBLIC_KEY: internal.publicKey,
            CLERK_WEBHOOK_SIGNING_SECRET: "whsec_imagetest",
            STRIPE_SECRET_KEY: "sk_test_imagetest",
            STRIPE_WEBHOOK_SECRET: "whsec_imagetest",
            STRIPE_PRICE_PLUS: "price_plus",
            STRIPE_PRICE_PRO: "price_pro",
          };
    let stderr = "";
    // The image's own entry point, with /app where the app was assembled, and only what a container
    // would have: no repository, no NODE_PATH.
    const child = spawn(entrypoint[0], entrypoint.slice(1).map(inApp(out)), {
      cwd: out,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        METRICS_PORT: "off",
        LOG_LEVEL: "error",
        ...env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    try {
      expect(await healthy(child, `http://127.0.0.1:${port}/health`, () => stderr)).toBe(200);
      // The image's HEALTHCHECK command, as Docker runs it, then with the service gone.
      const check = () =>
        spawnSync(healthcheck[0], healthcheck.slice(1).map(inApp(out)), {
          env: { PATH: process.env.PATH, PORT: String(port) },
          stdio: "ignore",
        }).status;
      expect(check()).toBe(0);
      // /ready is served (the readiness probe's path): 200, or 503 with a reason while it waits for events.
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect([200, 503]).toContain(ready.status);
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("exit", r)));
      exitOnSigterm = child.exitCode;
      expect(check()).toBe(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await database.drop();
    }
  }, 120_000);

  // Apollo Server's own SIGTERM handler is off (stopOnTerminationSignals: false): it re-sent the
  // signal once done, which onShutdown read as "force", exiting 1 before the relay and pool stopped.
  it("exits 0 after SIGTERM, as a pod's graceful stop needs", () => {
    expect(exitOnSigterm).toBe(0);
  });
});
