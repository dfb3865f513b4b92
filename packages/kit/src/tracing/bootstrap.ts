import { z } from "zod";
import { parseEnvOrExit } from "../config/env";
import { startTracing } from "./start-tracing";
import { tracingEndpoint, tracingEnv } from "./tracing-env";

/**
 * The first line of a service's main.ts (`@learnloop/kit/tracing`): reads the tracing variables
 * and, when they turn tracing on, starts the SDK before the service's modules load. This module
 * loads nothing else of the kit, so the instrumentations see express, graphql and pg required.
 */
export function startTracingFromEnv(service: string): void {
  const env = parseEnvOrExit(service, z.object(tracingEnv));
  const endpoint = tracingEndpoint(env);
  if (endpoint) startTracing({ service: env.OTEL_SERVICE_NAME ?? `learnloop-${service}`, endpoint });
}

export { stopTracing, tracingStarted } from "./start-tracing";
