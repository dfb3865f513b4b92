import { z } from "zod";
import { ConfigError, metricsPortEnv, parseEnv, resolveMetricsPort, subgraphEnvSchema } from "./env";

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

describe("METRICS_PORT", () => {
  const parse = (fallback: "auto" | "off", value?: string) =>
    parseEnv(z.object({ METRICS_PORT: metricsPortEnv(fallback) }), { METRICS_PORT: value });

  it("is PORT + 1000 by default for subgraphs, any free port when PORT is 0, and off by default for the gateway", () => {
    expect(resolveMetricsPort(parse("auto").METRICS_PORT, 4001)).toBe(5001);
    expect(resolveMetricsPort(parse("auto", "").METRICS_PORT, 4001)).toBe(5001);
    expect(resolveMetricsPort(parse("auto").METRICS_PORT, 0)).toBe(0);
    expect(resolveMetricsPort(parse("off").METRICS_PORT, 4000)).toBeUndefined();
  });

  it("takes a port (0: any free one), off or auto, and refuses anything else", () => {
    expect(resolveMetricsPort(parse("off", "9464").METRICS_PORT, 4000)).toBe(9464);
    expect(resolveMetricsPort(parse("off", "0").METRICS_PORT, 4000)).toBe(0);
    expect(resolveMetricsPort(parse("auto", "off").METRICS_PORT, 4001)).toBeUndefined();
    expect(resolveMetricsPort(parse("off", "auto").METRICS_PORT, 4000)).toBe(5000);
    expect(() => parse("auto", "true")).toThrow(ConfigError);
    expect(() => parse("auto", "70000")).toThrow(ConfigError);
    expect(() => resolveMetricsPort("auto", 65000)).toThrow(/METRICS_PORT/);
  });
});
