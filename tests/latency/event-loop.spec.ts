import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { ADVERSARIAL_DOCUMENTS, pollHealth, REPO_ROOT, requestBody, type AdversarialDocument } from "@learnloop/devstack";
import { readManifest } from "@learnloop/partner-client";
import { connect, subscribe } from "../support/live";
import { startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * No request may hold the gateway's event loop: while adversarial documents arrive over HTTP,
 * graphql-ws and the partner endpoint, a client in its own process polls /health, and every
 * poll must answer within 100 ms. The gateway runs as its own process, as deployed.
 */
let stack: TestStack;
let partnerKey: string;
beforeAll(async () => {
  stack = await startStack({ gatewayProcess: true });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(REPO_ROOT, "gateway", "dist", "partner", "keys-cli.js"),
      "create",
      "--name",
      "Loop test",
      "--scopes",
      "catalog:read",
      "--rate",
      "6000",
    ],
    { env: { ...process.env, DATABASE_URL: stack.databaseUrl } },
  );
  partnerKey = stdout.trim();
}, 120_000);
afterAll(() => stack?.stop());

async function overHttp(doc: AdversarialDocument): Promise<void> {
  const res = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: requestBody(doc) });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string; requestId?: string } }[] };
  expect(res.status).toBeLessThan(500);
  for (const e of body.errors ?? []) {
    expect(e.extensions?.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(e.extensions?.requestId).toBe(res.headers.get("x-request-id"));
  }
}

async function overWebSocket(doc: AdversarialDocument): Promise<void> {
  if (doc.variablesJson) return; // too deep for the client's own JSON.stringify; HTTP carries it
  const connection = connect(stack.gatewayUrl, { authorization: `Bearer ${stack.token("user_loop")}` });
  try {
    const sub = subscribe(connection, doc.query);
    const deadline = Date.now() + 30_000;
    while (!sub.completed && !sub.error && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(sub.completed || sub.error).toBeTruthy();
    const errors = [...(Array.isArray(sub.error) ? sub.error : []), ...sub.results.flatMap((r) => r.errors ?? [])];
    for (const e of errors) expect((e as { extensions?: { code?: string } }).extensions?.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  } finally {
    await connection.dispose();
  }
}

/** The partner endpoint runs manifest operations only: what an attacker controls there is the variables. */
async function toPartner(doc: AdversarialDocument): Promise<void> {
  const id = readManifest().operations.find((op) => op.name === "PartnerCourses")!.id;
  const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: id } });
  const res = await fetch(`${stack.gatewayOrigin}/partner/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${partnerKey}` },
    body: `{"variables":${doc.variablesJson ?? JSON.stringify({ first: 1, filter: doc.query })},"extensions":${extensions}}`,
  });
  expect(res.status).toBeLessThan(500);
  await res.json();
}

/**
 * One request at a time over each way in: the claim is that no single request holds the loop. What
 * many at once cost is throughput, which `npm run bench -- event-loop` measures.
 */
async function attack(doc: AdversarialDocument): Promise<void> {
  await overHttp(doc);
  await overWebSocket(doc);
  await toPartner(doc);
}

it("answers /health within 100 ms while adversarial documents arrive", async () => {
  // A process's first pass through each code path compiles it; that happens once, not per request.
  for (const doc of ADVERSARIAL_DOCUMENTS) await attack(doc);
  const poller = pollHealth(`${stack.gatewayOrigin}/health`);
  const timings: { name: string; from: number; to: number }[] = [];
  try {
    for (const doc of ADVERSARIAL_DOCUMENTS) {
      const from = Date.now();
      // A new text each time, so no cache of checked documents or plans helps.
      await attack({ ...doc, query: `${doc.query}\n# measured` });
      timings.push({ name: doc.name, from, to: Date.now() });
    }
  } finally {
    const polls = await poller.stop();
    const worst = Math.max(...polls.map((p) => p.ms));
    // Which documents were in flight during each slow poll, to name the culprit on failure.
    const slow = polls
      .filter((p) => p.ms >= 100)
      .map(
        (p) =>
          `${p.ms.toFixed(0)} ms during ${
            timings
              .filter((t) => t.from <= p.at && t.to >= p.at - p.ms)
              .map((t) => t.name)
              .join(", ") || "setup"
          }`,
      );
    const each = timings.map((t) => `${t.name}: ${t.to - t.from} ms`);
    console.log(`${polls.length} /health polls, worst ${worst.toFixed(1)} ms\n${each.join("\n")}\n${slow.join("\n")}`);
    expect(polls.length).toBeGreaterThan(10);
    expect(polls.filter((p) => p.status !== 200)).toEqual([]);
    expect(polls.filter((p) => p.ms >= 100)).toEqual([]);
  }
}, 180_000);

describe("every text is checked off the event loop, however it arrives", () => {
  // Only the worker refuses nesting past 100 levels before parsing; graphql's own parser would take it.
  const deep = `{ lesson(id: ${"[".repeat(150)}"x"${"]".repeat(150)}) { title } }`;
  const refusedInWorker = (body: { errors?: { message: string; extensions?: { code?: string } }[] }) => {
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(body.errors?.[0]?.message).toContain("nests deeper than 100 levels");
  };
  const get = async (search: string) => {
    const res = await fetch(`${stack.gatewayUrl}?${search}`, { headers: { "apollo-require-preflight": "1" } });
    expect(res.status).toBe(200); // a parse failure, answered in application/json (ADR 0017)
    return res.json();
  };

  it("over POST, and with its APQ hash", async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: deep }),
    });
    refusedInWorker(await res.json());
    const sha256Hash = createHash("sha256").update(deep).digest("hex");
    const apq = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: deep, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    refusedInWorker(await apq.json());
  });

  it("over GET, also behind a thousand empty parameters (express stops parsing at 1,000 keys, Apollo does not)", async () => {
    refusedInWorker(await get(`query=${encodeURIComponent(deep)}`));
    refusedInWorker(await get(`${"&".repeat(1_000)}query=${encodeURIComponent(deep)}`));
  });

  it("over graphql-ws", async () => {
    const connection = connect(stack.gatewayUrl, { authorization: `Bearer ${stack.token("user_loop_ws")}` });
    try {
      const sub = subscribe(connection, deep);
      await waitFor(() => Boolean(sub.error) || sub.completed);
      const errors = sub.error as { message: string; extensions?: { code?: string } }[];
      expect(errors[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
      expect(errors[0].message).toContain("nests deeper than 100 levels");
    } finally {
      await connection.dispose();
    }
  });
});
