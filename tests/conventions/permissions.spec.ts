import { buildSubgraphSchema } from "@apollo/subgraph";
import { listedSubgraphs } from "@learnloop/devstack";
import { allow, isAuthenticated } from "@learnloop/kit/internal";
import { parse } from "graphql";
import { shieldGaps } from "../../packages/devstack/src/conventions";
import { conventionTitle } from "./support";

describe(conventionTitle(__filename), () => {
  it.each(listedSubgraphs().map((s) => [s.name, s.subgraph]))(
    "%s: its rules name every type and field it serves, and nothing else",
    async (_name, subgraph) => {
      expect(shieldGaps(await subgraph.schema(), subgraph.permissions)).toEqual([]);
    },
  );

  it("the check sees a type without a rule, a field missing from a field map, a wildcard and stale rules", () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query { me: User, forgotten: Int }
        type User @key(fields: "id") { id: ID!, email: String, settings: Settings }
        type Settings { theme: String }
      `),
    });
    const problems = shieldGaps(schema, {
      Query: { me: isAuthenticated },
      User: { id: allow, "*": isAuthenticated, nickname: allow },
      Removed: allow,
    });
    expect(problems.sort()).toEqual(
      [
        "Query.forgotten has no rule",
        "User.email has no rule",
        "User.settings has no rule",
        'User."*" is a wildcard: name each field',
        "User.nickname has a rule but no such field (stale)",
        "Settings has no rule",
        "Removed has a rule but the schema serves no such type (stale)",
      ].sort(),
    );
  });

  it("the federation plumbing (_service, _entities, _Service) needs no rule: the kit opens it", () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type User @key(fields: "id") { id: ID! }
      `),
    });
    expect(shieldGaps(schema, { User: allow })).toEqual([]);
  });
});
