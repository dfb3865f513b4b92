import { cheapestPlanWith, featuresFrom, PLAN_FEATURES, PlanRequiredError, requiresFeature } from "./entitlements";

describe("entitlements", () => {
  it("names the cheapest plan with a feature", () => {
    expect(cheapestPlanWith("UNLIMITED_REVIEWS")).toBe("PLUS");
    expect(cheapestPlanWith("SPEAKING_PRACTICE")).toBe("PRO");
    expect(PLAN_FEATURES.FREE).toEqual([]);
  });
  it("keeps only known features", () => {
    expect(featuresFrom(["GROUP_CREATION", "x", 3])).toEqual(["GROUP_CREATION"]);
    expect(featuresFrom("UNLIMITED_REVIEWS")).toEqual([]);
  });
  it("requiresFeature refuses with PLAN_REQUIRED naming the feature and the plan", () => {
    expect(() => requiresFeature({ features: ["UNLIMITED_REVIEWS"] }, "UNLIMITED_REVIEWS")).not.toThrow();
    let thrown: unknown;
    try {
      requiresFeature({ features: [] }, "UNLIMITED_REVIEWS");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PlanRequiredError);
    expect((thrown as PlanRequiredError).extensions).toEqual({ code: "PLAN_REQUIRED", feature: "UNLIMITED_REVIEWS", plan: "PLUS" });
  });
});
