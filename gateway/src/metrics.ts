import type { ApolloServerPlugin } from "@apollo/server";
import {
  DURATION_BUCKETS,
  operationErrorCounter,
  operationHistogram,
  operationMetricsPlugin,
  OperationLabels,
  type MetricsRegistry,
} from "@learnloop/kit/internal";
import { Counter, Histogram } from "prom-client";

export interface GatewayMetrics {
  /** Times each GraphQL operation, by operation name and type. */
  operations: ApolloServerPlugin;
  /** Each fetch the gateway sends a subgraph (queries, mutations, live executions), by subgraph. */
  fetches: Histogram<"subgraph">;
  /** Fetches that got no usable answer (timeout, connection refused, a 5xx), by subgraph. */
  fetchFailures: Counter<"subgraph">;
}

/** Names outside the persisted manifests that get a label of their own before the rest count as `other`. */
const OTHER_OPERATION_NAMES = 100;

/**
 * The gateway's latency histograms on its registry. Operation names of the persisted manifests
 * are always labels; others from clients are bounded (ADR 0021).
 */
export function gatewayMetrics(registry: MetricsRegistry, knownOperations: Iterable<string>): GatewayMetrics {
  return {
    operations: operationMetricsPlugin({
      histogram: operationHistogram(
        registry,
        "learnloop_gateway_operation_duration_seconds",
        "Time the gateway took to answer a GraphQL operation (HTTP, partner or WebSocket), by operation name and type.",
      ),
      errors: operationErrorCounter(
        registry,
        "learnloop_gateway_operation_errors_total",
        "GraphQL operations the gateway answered with errors, by operation name, type and class (server: ours; client: the caller's).",
      ),
      labels: new OperationLabels(OTHER_OPERATION_NAMES, knownOperations),
    }),
    fetches: new Histogram({
      name: "learnloop_gateway_subgraph_fetch_duration_seconds",
      help: "Time one fetch from the gateway to a subgraph took, to its parsed answer or failure, by subgraph.",
      labelNames: ["subgraph"],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    fetchFailures: new Counter({
      name: "learnloop_gateway_subgraph_fetch_failures_total",
      help: "Fetches from the gateway to a subgraph that failed (timeout, connection, 5xx), by subgraph.",
      labelNames: ["subgraph"],
      registers: [registry],
    }),
  };
}
