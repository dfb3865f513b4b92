import { buildSchema, graphql } from "graphql";
import { applyPermissions, hasRole } from "./permissions";

// A real schema under the kit's shield: hasRole decides by the context's roles alone.
const schema = applyPermissions(
  buildSchema(`type Query { moderation: String _service: _Service _entities: String } type _Service { sdl: String }`),
  {
    Query: { moderation: hasRole("moderator", "admin") },
  },
);
const rootValue = { moderation: "queue" };
const run = async (context: object) => {
  const result = await graphql({ schema, source: "{ moderation }", rootValue, contextValue: context });
  return result.errors?.[0]?.extensions?.code ?? result.data?.moderation;
};

describe("hasRole", () => {
  it("allows any of its roles", async () => {
    expect(await run({ viewer: { userId: "user_m" }, roles: ["moderator"] })).toBe("queue");
    expect(await run({ viewer: { userId: "user_a" }, roles: ["admin"] })).toBe("queue");
    expect(await run({ viewer: null, machineId: "mch_tools", roles: ["admin"] })).toBe("queue");
  });
  it("refuses a signed-in caller without one as FORBIDDEN, and an anonymous one as UNAUTHENTICATED", async () => {
    expect(await run({ viewer: { userId: "user_l" }, roles: ["staff"] })).toBe("FORBIDDEN");
    expect(await run({ viewer: null, machineId: "mch_reporting", roles: ["service"] })).toBe("FORBIDDEN");
    expect(await run({ viewer: null, roles: [] })).toBe("UNAUTHENTICATED");
  });
});
