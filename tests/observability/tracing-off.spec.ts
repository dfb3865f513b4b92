import { execFileSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";
import { tracingEndpoint } from "@learnloop/kit/internal";

/**
 * Tracing off costs nothing: a service's main.ts starts tracing first, and with it off the whole
 * module graph of a subgraph and of the gateway loads without the OpenTelemetry SDK (only the API,
 * whose calls are no-ops). Checked in a fresh Node process over the built code, as deployed.
 * (@apollo/gateway loads its own metrics exporter whatever we do; the tracing SDK is the one at issue.)
 */
function sdkModulesLoaded(entry: string, env: Record<string, string>): string[] {
  const script = `
    require(${JSON.stringify(path.join(REPO_ROOT, "packages/kit/dist/tracing/bootstrap.js"))}).startTracingFromEnv("probe");
    require(${JSON.stringify(path.join(REPO_ROOT, entry))});
    const ours = /@opentelemetry[\\/](sdk-trace-node|sdk-trace-base|exporter-trace-otlp-http|instrumentation[^\\/]*)[\\/]/;
    const sdk = Object.keys(require.cache).map((f) => ours.exec(f)?.[1]).filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(sdk)].sort()));
    process.exit(0);`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OTEL_") && k !== "TRACING_ENABLED"));
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...clean, ...env }, encoding: "utf8" }));
}

describe("tracing off", () => {
  it.each([["subgraphs/progress/dist/index.js"], ["gateway/dist/server.js"]])("loads no SDK module for %s", (entry) => {
    expect(sdkModulesLoaded(entry, {})).toEqual([]);
    expect(sdkModulesLoaded(entry, { TRACING_ENABLED: "false", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toEqual([]);
  });

  it("loads the SDK and its instrumentations when an endpoint is set", () => {
    expect(sdkModulesLoaded("subgraphs/progress/dist/index.js", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" })).toEqual(
      expect.arrayContaining([
        "sdk-trace-base",
        "sdk-trace-node",
        "exporter-trace-otlp-http",
        "instrumentation-http",
        "instrumentation-pg",
      ]),
    );
  });

  it("is on with an endpoint or TRACING_ENABLED=true, and off otherwise", () => {
    expect(tracingEndpoint({})).toBeUndefined();
    expect(tracingEndpoint({ TRACING_ENABLED: "true" })).toBe("http://localhost:4318");
    expect(tracingEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe("http://collector:4318");
    expect(tracingEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", TRACING_ENABLED: "false" })).toBeUndefined();
  });
});
