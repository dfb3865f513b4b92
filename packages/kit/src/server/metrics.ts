import type { ApolloServerPlugin } from "@apollo/server";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

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

/**
 * Times every GraphQL operation Apollo Server runs, from the request to the response. `type` is
 * query, mutation or subscription, or `none` with operation `none` when no operation was resolved
 * (a parse or validation error, an unknown persisted query).
 */
export function operationMetricsPlugin<L extends string>(options: {
  histogram: Histogram<L | OperationLabelNames>;
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
        async willSendResponse({ operation, operationName }) {
          if (ended) return;
          ended = true;
          const labels = operation
            ? { operation: options.labels.of(nameOf(operationName)), type: operation.operation }
            : { operation: "none", type: "none" };
          end({ ...options.fixed, ...labels } as Partial<Record<L | OperationLabelNames, string>>);
        },
      };
    },
  };
}
