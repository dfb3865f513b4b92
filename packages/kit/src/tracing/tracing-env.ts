import { z } from "zod";

/**
 * Tracing's variables, in every service's env schema. Off unless an OTLP endpoint is set or
 * TRACING_ENABLED=true; off, the OpenTelemetry SDK is never loaded (ADR 0030).
 */
export const tracingEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .preprocess((v) => (v === "" ? undefined : v), z.string().url().optional())
    .describe("OTLP/HTTP collector base URL (spans go to `/v1/traces`); set, it turns tracing on"),
  TRACING_ENABLED: z
    .preprocess((v) => (v === "" ? undefined : v), z.enum(["true", "false"]).optional())
    .describe("`true`: tracing on (to `http://localhost:4318` without an endpoint); `false`: off even with one"),
  OTEL_SERVICE_NAME: z
    .preprocess((v) => (v === "" ? undefined : v), z.string().max(100).optional())
    .describe("The `service.name` spans carry; default `learnloop-<service>`"),
};

export type TracingEnv = Partial<{ [K in keyof typeof tracingEnv]: z.infer<(typeof tracingEnv)[K]> }>;

const DEFAULT_ENDPOINT = "http://localhost:4318";

/** Where spans go, or undefined when tracing is off. */
export function tracingEndpoint(env: TracingEnv): string | undefined {
  if (env.TRACING_ENABLED === "false") return undefined;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return env.TRACING_ENABLED === "true" ? DEFAULT_ENDPOINT : undefined;
}
