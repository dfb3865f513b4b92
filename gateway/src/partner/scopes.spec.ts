import fs from "node:fs";
import path from "node:path";
import { loadManifest, parseManifest, sha256Hex } from "../persisted/manifest";
import { KNOWN_SCOPES, partnerOperations } from "./scopes";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const manifest = (body: string, name: string) => ({
  format: "apollo-persisted-query-manifest",
  version: 1,
  operations: [{ id: sha256Hex(body), name, type: "query", body }],
});

describe("partner scopes", () => {
  it("closes every root field no scope grants, and introspection, at load", () => {
    expect(() => partnerOperations(parseManifest(manifest("query Me { me { id } }", "Me")))).toThrow(
      /Query.me, which no partner scope grants/,
    );
    expect(() => partnerOperations(parseManifest(manifest("query S { __schema { types { name } } }", "S")))).toThrow(/introspect/);
    const both = partnerOperations(parseManifest(manifest('query B { courses { totalCount } user(id: "u") { id } }', "B")));
    expect([...both.values()][0].scopes).toEqual(["catalog:read", "profiles:read"]);
  });

  it("docs/partners.md lists each partner operation with exactly the scopes it needs", () => {
    const ops = partnerOperations(loadManifest(path.join(ROOT, "schema", "persisted", "partner.json")));
    const docs = fs.readFileSync(path.join(ROOT, "docs", "partners.md"), "utf8");
    const documented = Object.fromEntries(
      [...docs.matchAll(/^\|\s*`(\w+)`\s*\|([^|]+)\|/gm)].map((m) => [m[1], [...m[2].matchAll(/`([a-z:]+)`/g)].map((s) => s[1]).sort()]),
    );
    expect(documented).toEqual(Object.fromEntries([...ops.values()].map((op) => [op.name, op.scopes])));
    expect(KNOWN_SCOPES).toEqual(["catalog:read", "profiles:read"]);
  });
});
