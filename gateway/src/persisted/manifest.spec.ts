import { loadManifest, parseManifest, rootFields, sha256Hex } from "./manifest";
import { FirstPartyQueries } from "./first-party-queries";

const op = (name: string, body: string, id = sha256Hex(body), type = "query") => ({ id, name, type, body });
const manifest = (...operations: unknown[]) => ({ format: "apollo-persisted-query-manifest", version: 1, operations });

describe("persisted-query manifests", () => {
  const body = "query Courses { courses(first: 2) { edges { node { id __typename } __typename } __typename } }";

  it("reads Apollo's format and keys operations by the bare SHA-256 of their body", () => {
    const m = parseManifest(manifest(op("Courses", body)));
    expect([...m.keys()]).toEqual([sha256Hex(body)]);
    expect(m.get(sha256Hex(body))).toMatchObject({ name: "Courses", type: "query", body });
  });

  it("refuses the prefixed or wrong ids that would never match what clients send", () => {
    expect(() => parseManifest(manifest(op("Courses", body, `sha256:${sha256Hex(body)}`)))).toThrow(/no "sha256:" prefix/);
    expect(() => parseManifest(manifest(op("Courses", body, sha256Hex("other"))))).toThrow(/not the SHA-256 of its body/);
    expect(() => parseManifest(manifest(op("Courses", body), op("Courses", body)))).toThrow(/duplicate/);
    expect(() => parseManifest(manifest(op("Other", body)))).toThrow(/no query named Other/);
    expect(() => parseManifest({ operations: [] })).toThrow(/apollo-persisted-query-manifest/);
  });

  it("finds root fields through fragments and inline fragments", () => {
    const text = "query Q { ...F ... on Query { lesson(id: 1) { id } } __typename } fragment F on Query { courses { totalCount } }";
    const [parsed] = parseManifest(manifest(op("Q", text))).values();
    expect(rootFields(parsed)).toEqual(["Query.courses", "Query.lesson"]);
  });

  it("the committed manifests load", () => {
    for (const file of ["web.json", "partner.json"])
      expect(loadManifest(`${__dirname}/../../../schema/persisted/${file}`).size).toBeGreaterThan(0);
  });
});

describe("FirstPartyQueries", () => {
  const body = "query Courses { courses { totalCount } }";
  const store = () => new FirstPartyQueries(parseManifest(manifest(op("Courses", body))));

  it("resolves manifest ids without registration, and registers other text by APQ", async () => {
    const s = store();
    expect(await s.resolve("", { persistedQuery: { version: 1, sha256Hash: sha256Hex(body) } })).toEqual({ ok: true, query: body });
    const other = "{ me { id } }";
    const byId = { persistedQuery: { version: 1, sha256Hash: sha256Hex(other) } };
    expect(await s.resolve("", byId)).toMatchObject({ ok: false, code: "PERSISTED_QUERY_NOT_FOUND" });
    // Text with its hash is remembered only once the caller has validated it.
    expect(await s.resolve(other, byId)).toEqual({ ok: true, query: other, register: sha256Hex(other) });
    expect(await s.resolve("", byId)).toMatchObject({ ok: false, code: "PERSISTED_QUERY_NOT_FOUND" });
    await s.set(sha256Hex(other), other);
    expect(await s.resolve("", byId)).toEqual({ ok: true, query: other });
    expect(await s.get(`apq:${sha256Hex(other)}`)).toBe(other); // as Apollo Server asks
  });

  it("refuses a hash that does not match the text, and an unknown version", async () => {
    const s = store();
    expect(await s.resolve("{ x }", { persistedQuery: { version: 1, sha256Hash: sha256Hex(body) } })).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
    });
    expect(await s.resolve("", { persistedQuery: { version: 2, sha256Hash: sha256Hex(body) } })).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
    });
    expect(await s.resolve("{ x }", undefined)).toEqual({ ok: true, query: "{ x }" });
  });
});

describe("the committed operations", () => {
  it("each fits the gateway's default query limits when sent without variables, or no client could run it", async () => {
    const { buildSchema, getOperationAST } = await import("graphql");
    const { checkLimits } = await import("../limits");
    const { envSchema } = await import("../environment");
    const fs = await import("node:fs");
    const root = `${__dirname}/../../../schema`;
    const schema = buildSchema(fs.readFileSync(`${root}/api.graphql`, "utf8"));
    const defaults = envSchema.shape;
    const limits = {
      maxDepth: defaults.MAX_QUERY_DEPTH.parse(undefined),
      maxAliases: defaults.MAX_ALIASES.parse(undefined),
      maxCost: defaults.MAX_QUERY_COST.parse(undefined),
    };
    for (const file of ["web.json", "partner.json"])
      for (const op of loadManifest(`${root}/persisted/${file}`).values()) {
        const operation = getOperationAST(op.document, op.name)!;
        expect(() => checkLimits(schema, op.document, operation, {}, limits)).not.toThrow();
      }
  });
});
