import { Histogram } from "prom-client";
import { LAG_BUCKETS, scrapedMetric, type MetricsRegistry } from "./metrics";
import type { RunningEvents } from "./subgraph-definition";

/**
 * The event backbone's counters, for scraping and for the fault tests, which read them from
 * subgraph processes they kill and restart. Read from the relay and consumers at each scrape
 * (whichever `events` holds then: a benchmark may swap them); counters reset with the process.
 */
export function registerEventMetrics(registry: MetricsRegistry, subgraph: string, events: RunningEvents): void {
  const base = { subgraph };
  const relay = (read: (relay: NonNullable<RunningEvents["relay"]>) => number | Promise<number>) => async () =>
    events.relay ? [{ labels: base, value: await read(events.relay) }] : [];
  if (events.relay) {
    const labelNames = ["subgraph"] as const;
    scrapedMetric(registry, {
      name: "learnloop_outbox_published_total",
      help: "Outbox rows the relay published to the broker.",
      type: "counter",
      labelNames,
      read: relay((r) => r.stats.published),
    });
    scrapedMetric(registry, {
      name: "learnloop_outbox_batches_total",
      help: "Outbox batches the relay published.",
      type: "counter",
      labelNames,
      read: relay((r) => r.stats.batches),
    });
    scrapedMetric(registry, {
      name: "learnloop_outbox_failures_total",
      help: "Relay attempts that failed and will be retried.",
      type: "counter",
      labelNames,
      read: relay((r) => r.stats.failures),
    });
    scrapedMetric(registry, {
      name: "learnloop_outbox_pending",
      help: "Outbox rows written and not yet published (NaN when the database did not answer).",
      type: "gauge",
      labelNames,
      read: relay((r) => r.pending().catch(() => Number.NaN)),
    });
    scrapedMetric(registry, {
      name: "learnloop_outbox_oldest_age_seconds",
      help: "Seconds the oldest unpublished outbox row has waited; 0 when empty (NaN when the database did not answer).",
      type: "gauge",
      labelNames,
      read: relay((r) => r.oldestAgeSeconds().catch(() => Number.NaN)),
    });
  }
  if (events.consumers.length) {
    scrapedMetric(registry, {
      name: "learnloop_consumer_up",
      help: "1 while the consumer group runs, 0 once it stopped or its subscription gave up.",
      type: "gauge",
      labelNames: ["subgraph", "group"],
      read: () => events.consumers.map((c) => ({ labels: { ...base, group: c.groupId }, value: c.running ? 1 : 0 })),
    });
    scrapedMetric(registry, {
      name: "learnloop_consumer_messages_total",
      help: "Messages each consumer group received, by outcome.",
      type: "counter",
      labelNames: ["subgraph", "group", "outcome"],
      read: () =>
        events.consumers.flatMap((c) =>
          Object.entries(c.stats).map(([outcome, value]) => ({ labels: { ...base, group: c.groupId, outcome }, value })),
        ),
    });
    // Both gauges come from one read of the broker per scrape. A stalled consumer applies nothing,
    // so the delivery-lag histogram goes quiet; this keeps growing.
    const lags = scrapeOnce(async () =>
      Promise.all(
        events.consumers.map(async (c) => ({ group: c.groupId, lag: await withTimeout(c.lag(), LAG_READ_TIMEOUT_MS).catch(() => null) })),
      ),
    );
    scrapedMetric(registry, {
      name: "learnloop_consumer_lag_messages",
      help: "Messages after each consumer group's committed position, by topic and partition (absent while the broker does not answer).",
      type: "gauge",
      labelNames: ["subgraph", "group", "topic", "partition"],
      read: async () =>
        (await lags()).flatMap(({ group, lag }) =>
          (lag ?? []).map((p) => ({ labels: { ...base, group, topic: p.topic, partition: String(p.partition) }, value: p.messages })),
        ),
    });
    scrapedMetric(registry, {
      name: "learnloop_consumer_oldest_unprocessed_age_seconds",
      help: "Seconds since the oldest message a consumer group has not yet committed was written; 0 when none (embedded event log only).",
      type: "gauge",
      labelNames: ["subgraph", "group", "topic"],
      read: async () =>
        (await lags()).flatMap(({ group, lag }) =>
          (lag ?? [])
            .filter((p) => p.oldestAgeSeconds !== undefined)
            .map((p) => ({ labels: { ...base, group, topic: p.topic }, value: p.oldestAgeSeconds! })),
        ),
    });
  }
}

/** A scrape must not hang on a broker that does not answer. */
const LAG_READ_TIMEOUT_MS = 5_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** One read shared by the gauges a scrape collects together (within a second). */
function scrapeOnce<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > 1_000) last = { at: Date.now(), value: read() };
    return last.value;
  };
}

/** The delivery lag of every event a subgraph's consumers handle, by group: the event backbone's SLO. */
export function consumerLagHistogram(registry: MetricsRegistry, subgraph: string): (group: string) => (seconds: number) => void {
  const histogram = new Histogram({
    name: "learnloop_consumer_event_lag_seconds",
    help: "Time from an event's outbox write to a consumer having applied it (or found it a duplicate), by group.",
    labelNames: ["subgraph", "group"],
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  return (group) => (seconds) => histogram.observe({ subgraph, group }, seconds);
}
