import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@learnloop/devstack";
import { PartnerClient, PartnerError, readManifest } from "@learnloop/partner-client";
import { Client } from "pg";
import { sensitive } from "../support/sensitive";
import { codes, gql, startStack, type GraphQLResponse, type TestStack } from "../support/stack";

/** /partner/graphql through the real gateway, with keys made by the real key command. */
let stack: TestStack;
let partnerUrl: string;
const manifest = readManifest();
const idOf = (name: string) => manifest.operations.find((op) => op.name === name)!.id;

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, "gateway", "dist", "partner", "keys-cli.js");
async function keys(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: stack.databaseUrl } });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
async function sql(text: string, values: unknown[]): Promise<any[]> {
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    return (await db.query(text, values)).rows;
  } finally {
    await db.end();
  }
}
const createKey = async (...args: string[]) => {
  const r = await keys("create", "--name", "Test partner", ...args);
  expect(r.code).toBe(0);
  const key = sensitive(r.stdout.trim(), "partner API key");
  sensitive(key.slice("llp_".length + 13), "partner API key secret"); // llp_<12-character id>_<secret>
  return key;
};

let clientAddress = "198.51.100.1";
async function partner(body: unknown, key?: string, init: RequestInit = {}): Promise<GraphQLResponse> {
  const res = await fetch(partnerUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": clientAddress,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify(body),
    ...init,
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}
const byId = (name: string, variables: Record<string, unknown> = {}) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: idOf(name) } },
});

let catalogKey: string;
beforeAll(async () => {
  // Key checks are not cached here, so a revocation shows on the next request.
  // One trusted proxy hop, so each test can be its own client address (X-Forwarded-For).
  stack = await startStack({ gatewayEnv: { PARTNER_KEY_CACHE_MS: "0", TRUST_PROXY_HOPS: "1", PARTNER_AUTH_FAILURES_PER_MINUTE: "5" } });
  partnerUrl = `${stack.gatewayOrigin}/partner/graphql`;
  catalogKey = await createKey("--scopes", "catalog:read", "--rate", "600");
}, 120_000);
afterAll(() => stack?.stop());
let nextAddress = 1;
beforeEach(() => (clientAddress = `198.51.100.${nextAddress++}`));

function expectError(r: GraphQLResponse, status: number, code: string) {
  expect({ status: r.status, codes: codes(r) }).toEqual({ status, codes: [code] });
  expect(r.body.errors![0].extensions!.requestId).toEqual(r.headers.get("x-request-id"));
  expect(r.body.data).toBeUndefined();
}

describe("partner endpoint: success", () => {
  it("runs a manifest operation by id with a key that has its scope, through the partner client", async () => {
    const client = new PartnerClient({ apiKey: catalogKey, url: partnerUrl });
    const data = await client.call<{ courses: { edges: { node: { id: string; title: string } }[] } }>("PartnerCourses", { first: 2 });
    expect(data.courses.edges.length).toBeGreaterThan(0);
    expect(data.courses.edges[0].node.title).toEqual(expect.any(String));

    // Variables are optional when the operation's have defaults.
    const noVariables = await partner({ extensions: byId("PartnerCourses").extensions }, catalogKey);
    expect(noVariables.body.errors).toBeUndefined();
    expect(noVariables.body.data!.courses.edges.length).toBeGreaterThan(0);

    const r = await partner(byId("PartnerCourses", { first: 1 }), catalogKey);
    expect(r.status).toBe(200);
    expect(r.headers.get("ratelimit-limit")).toBe("600");
    expect(Number(r.headers.get("ratelimit-remaining"))).toBeLessThan(600);
  });

  it("PartnerUserProfile returns a PUBLIC profile, and NOT_FOUND for a private one (the default), as for an unknown id", async () => {
    const profiles = await createKey("--scopes", "profiles:read");
    const update = (userId: string, input: string) =>
      gql(stack.gatewayUrl, `mutation { updateProfile(input: ${input}) { id } }`, { token: stack.token(userId) });
    expect((await update("user_partner_public", `{ displayName: "Pia", profileVisibility: PUBLIC }`)).body.errors).toBeUndefined();
    expect((await update("user_partner_private", `{ displayName: "Quinn" }`)).body.errors).toBeUndefined();

    const shown = await partner(byId("PartnerUserProfile", { id: "user_partner_public" }), profiles);
    expect(shown.body).toEqual({
      data: { user: { id: "user_partner_public", displayName: "Pia", avatarUrl: null, createdAt: expect.any(String) } },
    });
    for (const id of ["user_partner_private", "user_partner_unknown"]) {
      const hidden = await partner(byId("PartnerUserProfile", { id }), profiles);
      expect({ status: hidden.status, codes: codes(hidden), data: hidden.body.data }).toEqual({
        status: 200,
        codes: ["NOT_FOUND"],
        data: null,
      });
      expect(JSON.stringify(hidden.body)).not.toContain("Quinn");
    }
  });

  it("still applies the schema's own checks to partner variables: 200 in application/json, 400 in graphql-response+json", async () => {
    const r = await partner(byId("PartnerCourses", { first: "many" }), catalogKey);
    expectError(r, 200, "BAD_USER_INPUT");
    expect(r.headers.get("content-type")).toContain("application/json");
    const strict = await partner(byId("PartnerCourses", { first: "many" }), catalogKey, {
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", authorization: `Bearer ${catalogKey}` },
    });
    expectError(strict, 400, "BAD_USER_INPUT");
    expect(strict.headers.get("content-type")).toContain("application/graphql-response+json");
  });

  it("refusals before the operation runs keep their 4xx in either media type", async () => {
    const unknown = { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } };
    for (const accept of ["application/json", "application/graphql-response+json"]) {
      const r = await partner(unknown, catalogKey, {
        headers: { "content-type": "application/json", accept, authorization: `Bearer ${catalogKey}` },
      });
      expectError(r, 400, "PERSISTED_QUERY_NOT_FOUND");
      expect(r.headers.get("content-type")).toContain(accept);
    }
  });
});

describe("partner endpoint: the error matrix", () => {
  it("UNAUTHENTICATED without a key, with a malformed key, or with a wrong secret", async () => {
    const none = await partner(byId("PartnerCourses"));
    expectError(none, 401, "UNAUTHENTICATED");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectError(await partner(byId("PartnerCourses"), "not-a-key"), 401, "UNAUTHENTICATED");
    const forged = catalogKey.replace(/_[^_]+$/, `_${"A".repeat(43)}`);
    expectError(await partner(byId("PartnerCourses"), forged), 401, "UNAUTHENTICATED");
    // A session token is not a partner key either.
    expectError(await partner(byId("PartnerCourses"), stack.token("user_partner_probe")), 401, "UNAUTHENTICATED");
  });

  it("UNAUTHENTICATED with a revoked key, from the next request on", async () => {
    const key = await createKey("--scopes", "catalog:read");
    expect((await partner(byId("PartnerCourses"), key)).status).toBe(200);
    const id = key.split("_")[1];
    expect((await keys("revoke", id)).stdout).toMatch(`revoked ${id}`);
    const r = await partner(byId("PartnerCourses"), key);
    expectError(r, 401, "UNAUTHENTICATED");
    expect(r.body.errors![0].message).toMatch(/revoked/);
    expect((await keys("list")).stdout).toMatch(new RegExp(`${id}.*revoked`));
  });

  it("UNAUTHENTICATED with an expired key", async () => {
    const key = await createKey("--scopes", "catalog:read", "--expires-in", "30d");
    const id = key.split("_")[1];
    const [row] = await sql(`SELECT expires_at FROM gateway.partner_api_keys WHERE id = $1`, [id]);
    expect(Math.abs(row.expires_at.getTime() - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    expect((await partner(byId("PartnerCourses"), key)).status).toBe(200);
    await sql(`UPDATE gateway.partner_api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const r = await partner(byId("PartnerCourses"), key);
    expectError(r, 401, "UNAUTHENTICATED");
    expect(r.body.errors![0].message).toMatch(/expired/);
    expect((await keys("list")).stdout).toMatch(new RegExp(`${id}.*expired`));
  });

  it("a wrong secret leaves no trace on the key, and too many failures from one address are refused unchecked", async () => {
    const key = await createKey("--scopes", "catalog:read");
    const id = key.split("_")[1];
    const forged = `llp_${id}_${"B".repeat(43)}`;
    expectError(await partner(byId("PartnerCourses"), forged), 401, "UNAUTHENTICATED");
    expect((await sql(`SELECT last_used_at FROM gateway.partner_api_keys WHERE id = $1`, [id]))[0].last_used_at).toBeNull();
    for (let i = 0; i < 4; i++) expectError(await partner(byId("PartnerCourses"), forged), 401, "UNAUTHENTICATED");
    const refused = await partner(byId("PartnerCourses"), forged);
    expectError(refused, 429, "RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Even the right key waits from that address; another address is unaffected.
    expectError(await partner(byId("PartnerCourses"), key), 429, "RATE_LIMITED");
    clientAddress = "198.51.100.250";
    expect((await partner(byId("PartnerCourses"), key)).status).toBe(200);
    expect((await sql(`SELECT last_used_at FROM gateway.partner_api_keys WHERE id = $1`, [id]))[0].last_used_at).toBeInstanceOf(Date);
  });

  it("PERSISTED_QUERY_REQUIRED for free-form text, with or without a hash, and for introspection", async () => {
    const text = manifest.operations.find((op) => op.name === "PartnerCourses")!.body;
    expectError(await partner({ query: text }, catalogKey), 400, "PERSISTED_QUERY_REQUIRED");
    expectError(await partner({ query: text, ...byId("PartnerCourses") }, catalogKey), 400, "PERSISTED_QUERY_REQUIRED");
    expectError(await partner({ query: "{ __schema { types { name } } }" }, catalogKey), 400, "PERSISTED_QUERY_REQUIRED");
    expectError(await partner({}, catalogKey), 400, "PERSISTED_QUERY_REQUIRED");
  });

  it("PERSISTED_QUERY_NOT_FOUND for an id outside the partner manifest, even one first-party clients may use", async () => {
    const unknown = {
      extensions: { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update("{ me { id } }").digest("hex") } },
    };
    expectError(await partner(unknown, catalogKey), 400, "PERSISTED_QUERY_NOT_FOUND");
    const web = readManifest(path.join(REPO_ROOT, "schema", "persisted", "web.json")).operations[0];
    const r = await partner({ extensions: { persistedQuery: { version: 1, sha256Hash: web.id } } }, catalogKey);
    expectError(r, 400, "PERSISTED_QUERY_NOT_FOUND");
  });

  it("FORBIDDEN for an operation needing a scope the key lacks", async () => {
    const r = await partner(byId("PartnerUserProfile", { id: "user_anyone" }), catalogKey);
    expectError(r, 403, "FORBIDDEN");
    expect(r.body.errors![0].extensions).toMatchObject({ requiredScopes: ["profiles:read"], missingScopes: ["profiles:read"] });
    const profiles = await createKey("--scopes", "profiles:read");
    expectError(await partner(byId("PartnerCourses"), profiles), 403, "FORBIDDEN");
  });

  it("RATE_LIMITED with a retry-after once a key's minute is spent, and per key", async () => {
    const slow = await createKey("--scopes", "catalog:read", "--rate", "3");
    for (let i = 0; i < 3; i++) {
      const allowed = await partner(byId("PartnerCourses"), slow);
      expect(allowed.status).toBe(200);
      expect([allowed.headers.get("ratelimit-limit"), allowed.headers.get("ratelimit-remaining")]).toEqual(["3", String(2 - i)]);
    }
    const r = await partner(byId("PartnerCourses"), slow);
    expectError(r, 429, "RATE_LIMITED");
    const retryAfter = Number(r.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // A window of a minute in the shared store (ADR 0025): the wait is until it ends.
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(r.body.errors![0].extensions!.retryAfter).toBe(retryAfter);
    expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
    expect([r.headers.get("ratelimit-limit"), r.headers.get("ratelimit-remaining"), r.headers.get("ratelimit-reset")]).toEqual([
      "3",
      "0",
      String(retryAfter),
    ]);
    // A spent window is reported before anything about the request itself.
    expectError(await partner({ query: "{ __typename }" }, slow), 429, "RATE_LIMITED");
    // Another key is not charged for it.
    expect((await partner(byId("PartnerCourses"), catalogKey)).status).toBe(200);
    // The client surfaces it with its code and wait when told not to retry.
    const client = new PartnerClient({ apiKey: slow, url: partnerUrl, rateLimitRetries: 0 });
    await expect(client.call("PartnerCourses")).rejects.toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
      retryAfterSeconds: expect.any(Number),
    });
    await expect(client.call("PartnerCourses")).rejects.toBeInstanceOf(PartnerError);
  });

  it("refuses bodies that are not one JSON request, with a code and the request id", async () => {
    const send = (body: string | Buffer, contentType = "application/json") =>
      partner(undefined, catalogKey, { body, headers: { "content-type": contentType, authorization: `Bearer ${catalogKey}` } });
    expectError(await send("hello", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectError(await send("{ not json"), 400, "BAD_REQUEST");
    expectError(await send(JSON.stringify([byId("PartnerCourses")])), 400, "BAD_REQUEST");
    expectError(await send(JSON.stringify({ ...byId("PartnerCourses"), variables: [1] })), 400, "BAD_REQUEST");
    expectError(await send(JSON.stringify({ ...byId("PartnerCourses"), operationName: "PartnerLesson" })), 400, "BAD_REQUEST");
    // A variable with a byte that is never UTF-8: refused, not looked up as U+FFFD.
    const notUtf8 = Buffer.concat([Buffer.from(`{"variables":{"id":"`), Buffer.from([0xff]), Buffer.from(`"},"extensions":`)]);
    const badUtf8 = await send(Buffer.concat([notUtf8, Buffer.from(`${JSON.stringify(byId("PartnerLesson").extensions)}}`)]));
    expectError(badUtf8, 400, "BAD_REQUEST");
    expect(badUtf8.body.errors![0].message).toBe("The request body is not valid UTF-8.");
    const version2 = { extensions: { persistedQuery: { version: 2, sha256Hash: idOf("PartnerCourses") } } };
    expectError(await send(JSON.stringify(version2)), 400, "BAD_REQUEST");
    expectError(
      await send(JSON.stringify({ ...byId("PartnerCourses"), variables: { pad: "x".repeat(200_000) } })),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("serves no Sandbox and takes nothing but POST", async () => {
    const res = await fetch(partnerUrl, { headers: { accept: "text/html" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.text()).not.toMatch(/sandbox|<html/i);
    for (const method of ["PUT", "DELETE", "PATCH"]) expect((await fetch(partnerUrl, { method })).status).toBe(405);
  });
});

describe("first-party rules are unchanged beside it", () => {
  it("still serves Sandbox, introspection and free-form queries on /graphql", async () => {
    const landing = await fetch(`${stack.gatewayOrigin}/`, { headers: { accept: "text/html" } });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toMatch(/sandbox/i);
    const introspection = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __schema { queryType { name } } }" }),
    });
    expect(await introspection.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
  });

  it("runs the web manifest's operations by id alone, without the text ever being sent (a locked build)", async () => {
    const web = readManifest(path.join(REPO_ROOT, "schema", "persisted", "web.json"));
    const query = web.operations.find((op) => op.name === "Courses");
    expect(query).toBeDefined();
    const res = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: query!.id } } }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTruthy();
  });
});

describe("keys at rest", () => {
  it("stores a hash of the secret, never the key, and the command refuses bad input", async () => {
    const key = await createKey("--scopes", "catalog:read");
    const [, id, secret] = /^llp_([a-z0-9]+)_(.+)$/.exec(key)!;
    const rows = await sql(`SELECT * FROM gateway.partner_api_keys WHERE id = $1`, [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].secret_sha256).toEqual(createHash("sha256").update(secret).digest());
    expect(JSON.stringify(rows[0])).not.toContain(secret);
    const bad = await keys("create", "--name", "x", "--scopes", "everything:write");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown scope everything:write/);
    expect((await keys("revoke", "nosuchkey000")).code).toBe(2);
  });
});
