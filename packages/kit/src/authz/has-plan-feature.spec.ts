import { buildSchema, graphql } from "graphql";
import { applyPermissions, hasPlanFeature } from "./permissions";

// A real schema under the kit's shield: hasPlanFeature decides by the context's signed features alone.
const schema = applyPermissions(
  buildSchema(`type Query { insights: String _service: _Service _entities: String } type _Service { sdl: String }`),
  { Query: { insights: hasPlanFeature("LEARNING_INSIGHTS") } },
);
const run = async (context: object) => {
  const result = await graphql({ schema, source: "{ insights }", rootValue: { insights: "chart" }, contextValue: context });
  const error = result.errors?.[0];
  return error ? { code: error.extensions?.code, plan: error.extensions?.plan, feature: error.extensions?.feature } : result.data?.insights;
};

describe("hasPlanFeature", () => {
  it("allows a caller whose plan includes the feature", async () => {
    expect(await run({ viewer: { userId: "user_p" }, roles: [], plan: "PLUS", features: ["LEARNING_INSIGHTS"] })).toBe("chart");
  });
  it("refuses the rest with PLAN_REQUIRED naming the feature and the cheapest plan, and an anonymous caller as UNAUTHENTICATED", async () => {
    expect(await run({ viewer: { userId: "user_f" }, roles: [], plan: "FREE", features: [] })).toEqual({
      code: "PLAN_REQUIRED",
      feature: "LEARNING_INSIGHTS",
      plan: "PLUS",
    });
    expect(await run({ viewer: null, roles: [], plan: "FREE", features: [] })).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
