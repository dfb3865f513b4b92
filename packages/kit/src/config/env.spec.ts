import { ConfigError, parseEnv, subgraphEnvSchema } from "./env";

describe("parseEnv", () => {
  it("reports every invalid variable at once", () => {
    try {
      parseEnv(subgraphEnvSchema, { PORT: "http", DATABASE_URL: "mysql://x", INTERNAL_CONTEXT_PUBLIC_KEY: "abc" });
      throw new Error("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.split(":")[0]);
      expect(names).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL", "INTERNAL_CONTEXT_PUBLIC_KEY"]));
    }
  });
});
