import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { ERROR_CODES, isErrorCode } from "../errors/codes";

export { Registry as MetricsRegistry } from "prom-client";

/**
 * One registry per running service, never prom-client's global one: the tests run the gateway and
 * every subgraph in one process, and each must show its own metrics only (ADR 0021).
 */
export const createMetricsRegistry = (): Registry => new Registry();

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event-loop delay, GC, handles: collected once per process (they describe the process,
 * not a service) and shown on every metrics port of it. Started by the first metrics server, so a
 * process with metrics off pays nothing.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A service's metrics and its process's, in the Prometheus text format. */
export async function renderMetrics(registry: Registry): Promise<string> {
  return `${await registry.metrics()}\n${await processMetrics().metrics()}`;
}

export type Sample<L extends string> = { labels?: Partial<Record<L, string>>; value: number };

/**
 * A metric whose value is kept elsewhere (a relay's or a hub's stats) and read at each scrape: the
 * source stays the one count the code and tests use, and prom-client only writes it out.
 */
export function scrapedMetric<L extends string = never>(
  registry: Registry,
  spec: {
    name: string;
    help: string;
    type: "counter" | "gauge";
    labelNames?: readonly L[];
    read: () => Sample<L>[] | Promise<Sample<L>[]>;
  },
): void {
  const config = { name: spec.name, help: spec.help, labelNames: spec.labelNames ?? [], registers: [registry] };
  if (spec.type === "counter")
    new Counter<L>({
      ...config,
      async collect() {
        const samples = await spec.read();
        this.reset();
        for (const s of samples) this.inc(s.labels ?? {}, s.value);
      },
    });
  else
    new Gauge<L>({
      ...config,
      async collect() {
        const samples = await spec.read();
        this.reset();
        for (const s of samples) this.set(s.labels ?? {}, s.value);
      },
    });
}

/** One sample without labels. */
export const single = (value: number): Sample<never>[] => [{ value }];

/** Seconds, from a millisecond cache hit to a subgraph timeout. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Seconds an event waits between its outbox write and its handling: milliseconds normally, minutes in an outage. */
export const LAG_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Seconds since an event occurred (its envelope's `occurredAt`, set at the outbox write); undefined if unreadable. */
export function secondsSince(occurredAt: string, now = Date.now()): number | undefined {
  const at = Date.parse(occurredAt);
  return Number.isNaN(at) ? undefined : Math.max(0, (now - at) / 1000);
}

/**
 * Operation names come from clients, so each becomes a label value only if it is known (a persisted
 * operation) or one of the first `limit` other names this process saw; the rest count as `other`,
 * unnamed operations as `anonymous`. Bounded whatever clients send (ADR 0021).
 */
export class OperationLabels {
  private readonly seen = new Set<string>();
  private readonly known: ReadonlySet<string>;

  constructor(
    private readonly limit: number,
    known: Iterable<string> = [],
  ) {
    this.known = new Set(known);
  }

  of(name: string | null | undefined): string {
    if (!name) return "anonymous";
    if (this.known.has(name) || this.seen.has(name)) return name;
    if (this.seen.size >= this.limit || name.length > MAX_NAME_LENGTH) return "other";
    this.seen.add(name);
    return name;
  }
}

const MAX_NAME_LENGTH = 100;

export type OperationLabelNames = "operation" | "type";

/** A histogram of operation durations by (bounded) name and type, on `registry`. */
export function operationHistogram<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  extraLabels: readonly L[] = [],
): Histogram<L | OperationLabelNames> {
  return new Histogram<L | OperationLabelNames>({
    name,
    help,
    labelNames: [...extraLabels, "operation", "type"],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
}

/** Error classes: `server` spends the availability budget (our fault), `client` does not (the caller's). */
export type ErrorClass = "client" | "server";

/** Codes without an HTTP status that still mean the service failed the caller. */
const SERVER_FAULTS = new Set<string>(["INCOMPLETE_RESPONSE", "MUTATION_OUTCOME_UNKNOWN", "STRIPE_UNAVAILABLE", "CATALOGUE_NOT_READY"]);

/**
 * A response's errors as one class: `server` when any error is ours (5xx codes, the codes above,
 * or a code the registry does not know), `client` otherwise, undefined without errors.
 */
export function errorClass(errors: readonly Pick<GraphQLFormattedError, "extensions">[] | undefined): ErrorClass | undefined {
  if (!errors?.length) return undefined;
  const server = errors.some((e) => {
    const code = e.extensions?.code;
    if (!isErrorCode(code)) return true;
    const status = (ERROR_CODES[code] as { status?: number }).status;
    return (status !== undefined && status >= 500) || SERVER_FAULTS.has(code);
  });
  return server ? "server" : "client";
}

/** Operations answered with errors, by (bounded) name, type and error class: the E of RED beside the histogram's R and D. */
export function operationErrorCounter<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  extraLabels: readonly L[] = [],
): Counter<L | OperationLabelNames | "class"> {
  return new Counter<L | OperationLabelNames | "class">({
    name,
    help,
    labelNames: [...extraLabels, "operation", "type", "class"],
    registers: [registry],
  });
}

/**
 * Times every GraphQL operation Apollo Server runs, from the request to the response. `type` is
 * query, mutation or subscription, or `none` with operation `none` when no operation was resolved
 * (a parse or validation error, an unknown persisted query).
 */
export function operationMetricsPlugin<L extends string>(options: {
  histogram: Histogram<L | OperationLabelNames>;
  /** Counts the operations answered with errors, by class. */
  errors?: Counter<L | OperationLabelNames | "class">;
  labels: OperationLabels;
  /** Labels beside operation and type (a subgraph's name). */
  fixed?: Record<L, string>;
  /** The name to label with: the subgraphs strip what the gateway's planner appended. */
  nameOf?: (name: string | null | undefined) => string | null | undefined;
}): ApolloServerPlugin {
  const nameOf = options.nameOf ?? ((n) => n);
  return {
    async requestDidStart() {
      const end = options.histogram.startTimer();
      let ended = false;
      return {
        async willSendResponse({ operation, operationName, response }) {
          if (ended) return;
          ended = true;
          const labels = operation
            ? { operation: options.labels.of(nameOf(operationName)), type: operation.operation }
            : { operation: "none", type: "none" };
          const all = { ...options.fixed, ...labels } as Partial<Record<L | OperationLabelNames, string>>;
          end(all);
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const cls = errorClass(errors);
          if (cls) options.errors?.inc({ ...all, class: cls } as Partial<Record<L | OperationLabelNames | "class", string>>);
        },
      };
    },
  };
}
