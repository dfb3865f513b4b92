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
  }
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
