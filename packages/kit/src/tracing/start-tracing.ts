import { IncomingMessage } from "node:http";
import type { Resource } from "@opentelemetry/resources";
import type { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

export interface TracingOptions {
  /** `service.name` on every span of this process. */
  service: string;
  /** The OTLP/HTTP base URL; spans are posted as JSON to `<endpoint>/v1/traces`. */
  endpoint: string;
}

let provider: NodeTracerProvider | undefined;

/**
 * HTTP span attributes dropped (undefined overrides what the instrumentation set): a GET /graphql
 * carries the learner's variables in its query string, and the client's address and user agent
 * identify a person. The older semantic conventions' names too, should an instrumentation emit them.
 */
const DROPPED_HTTP_ATTRIBUTES = [
  "url.query",
  "client.address",
  "network.peer.address",
  "network.peer.port",
  "user_agent.original",
  "user_agent.synthetic.type",
  "http.client_ip",
  "http.user_agent",
  "net.peer.ip",
  "net.peer.port",
];
const dropped = () => Object.fromEntries(DROPPED_HTTP_ATTRIBUTES.map((name) => [name, undefined]));
/** A URL or request target without its query string or fragment. */
export const pathOnly = (target: string): string => target.split(/[?#]/)[0];

/** Whether this process exports spans (the SDK was started). */
export const tracingStarted = (): boolean => provider !== undefined;

/**
 * Starts the OpenTelemetry SDK for this process: spans for incoming and outgoing HTTP, GraphQL
 * parse, validate and execute, and SQL, besides the gateway's own and the kit's (outbox, relay,
 * consumers, live delivery). Must run before express, graphql and pg are first required, which is
 * why each service's main.ts calls it first. Every module is required here, lazily: a process
 * with tracing off never loads the SDK (ADR 0030).
 */
export function startTracing(options: TracingOptions): void {
  if (provider) return;
  const { resourceFromAttributes } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { NodeTracerProvider } = require("@opentelemetry/sdk-trace-node") as typeof import("@opentelemetry/sdk-trace-node");
  const { BatchSpanProcessor } = require("@opentelemetry/sdk-trace-base") as typeof import("@opentelemetry/sdk-trace-base");
  const { OTLPTraceExporter } =
    require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
  const { registerInstrumentations } = require("@opentelemetry/instrumentation") as typeof import("@opentelemetry/instrumentation");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { GraphQLInstrumentation } =
    require("@opentelemetry/instrumentation-graphql") as typeof import("@opentelemetry/instrumentation-graphql");
  const { PgInstrumentation } = require("@opentelemetry/instrumentation-pg") as typeof import("@opentelemetry/instrumentation-pg");

  const resource: Resource = resourceFromAttributes({ "service.name": options.service });
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, "")}/v1/traces` });
  provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  // AsyncLocalStorage context and the W3C traceparent propagator, process-wide.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds are not work anyone traces.
        ignoreIncomingRequestHook: (req) => /^\/(health|ready|metrics)\b/.test(req.url ?? ""),
        // An outgoing call outside any trace (a JWKS refresh) is not worth a trace of its own.
        requireParentforOutgoingSpans: true,
        // Merged over the attributes the instrumentation computed, before the span starts.
        startIncomingSpanHook: (request) => ({ ...dropped(), ...(request.url ? { "http.target": pathOnly(request.url) } : {}) }),
        startOutgoingSpanHook: (options) => ({
          ...dropped(),
          ...(options.path ? { "http.target": pathOnly(options.path) } : {}),
          "url.full": outgoingUrl(options),
        }),
        // "POST /graphql" rather than "POST": the gateway and the subgraphs serve few paths, without express's route.
        requestHook: (span, request) => {
          const path = request instanceof IncomingMessage ? request.url : request.path;
          span.updateName(`${request.method} ${pathOnly(path ?? "/")}`);
        },
      }),
      // Resolvers that only read a property are most of a query's fields and tell nothing. No
      // values: the document's literals are masked and variables left out (a learner's input).
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true, allowValues: false }),
      // The relay's and the lease's polls run outside any request: only SQL inside a trace counts (and no pool checkouts).
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
  });
}

/** An outgoing request's URL without its query string (which may carry a key or a learner's input). */
function outgoingUrl(options: import("node:http").RequestOptions): string {
  const protocol = options.protocol ?? "http:";
  const host = options.hostname ?? options.host ?? "localhost";
  const port = options.port && !["80", "443"].includes(String(options.port)) ? `:${options.port}` : "";
  return `${protocol}//${host}${port}${pathOnly(options.path ?? "/")}`;
}

/** Sends the spans still buffered and stops the SDK; a no-op when tracing is off. */
export async function stopTracing(): Promise<void> {
  const running = provider;
  provider = undefined;
  await running?.shutdown().catch(() => undefined);
}
