import { errorClass, OperationLabels, scrapedMetric, createMetricsRegistry, secondsSince } from "./metrics";

describe("errorClass", () => {
  const e = (code?: unknown) => ({ extensions: code === undefined ? {} : { code } });
  it("is server when any error is ours: a 5xx code, a fault without a status, or a code not in the registry", () => {
    expect(errorClass([e("SUBGRAPH_UNAVAILABLE")])).toBe("server");
    expect(errorClass([e("INTERNAL_SERVER_ERROR")])).toBe("server");
    expect(errorClass([e("INCOMPLETE_RESPONSE")])).toBe("server");
    expect(errorClass([e("BAD_USER_INPUT"), e("MUTATION_OUTCOME_UNKNOWN")])).toBe("server");
    expect(errorClass([e("SOMETHING_NEW")])).toBe("server");
    expect(errorClass([e()])).toBe("server");
  });
  it("is client when every error is the caller's, and undefined without errors", () => {
    expect(errorClass([e("BAD_USER_INPUT"), e("NOT_FOUND"), e("RATE_LIMITED"), e("PLAN_REQUIRED")])).toBe("client");
    expect(errorClass([])).toBeUndefined();
    expect(errorClass(undefined)).toBeUndefined();
  });
});

describe("secondsSince", () => {
  it("is the age of an ISO timestamp in seconds, never negative, undefined when unreadable", () => {
    expect(secondsSince("2026-01-01T00:00:10.000Z", Date.parse("2026-01-01T00:00:12.500Z"))).toBe(2.5);
    expect(secondsSince("2026-01-01T00:00:10.000Z", Date.parse("2026-01-01T00:00:09.000Z"))).toBe(0);
    expect(secondsSince("", Date.now())).toBeUndefined();
  });
});

describe("OperationLabels", () => {
  it("keeps known names always, the first `limit` other names, and counts the rest as other", () => {
    const labels = new OperationLabels(2, ["Courses"]);
    expect(labels.of("A")).toBe("A");
    expect(labels.of("B")).toBe("B");
    expect(labels.of("C")).toBe("other");
    expect(labels.of("A")).toBe("A"); // a name seen before keeps its label
    expect(labels.of("Courses")).toBe("Courses"); // known names take no slot and are never crowded out
    expect(labels.of(undefined)).toBe("anonymous");
    expect(labels.of(null)).toBe("anonymous");
  });

  it("takes no slot for an overlong name", () => {
    const labels = new OperationLabels(1);
    expect(labels.of("x".repeat(101))).toBe("other");
    expect(labels.of("Short")).toBe("Short");
  });
});

describe("scrapedMetric", () => {
  it("writes what `read` returns at each scrape, with HELP and TYPE, labels in the order given", async () => {
    const registry = createMetricsRegistry();
    let value = 3;
    scrapedMetric(registry, {
      name: "t_total",
      help: "A test counter.",
      type: "counter",
      labelNames: ["b", "a"],
      read: () => [{ labels: { b: "1", a: "2" }, value }],
    });
    expect(await registry.metrics()).toBe('# HELP t_total A test counter.\n# TYPE t_total counter\nt_total{b="1",a="2"} 3\n');
    value = 5;
    expect(await registry.metrics()).toContain('t_total{b="1",a="2"} 5');
  });
});
