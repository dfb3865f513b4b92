import { OperationLabels, scrapedMetric, createMetricsRegistry } from "./metrics";

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
