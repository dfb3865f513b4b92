import { prometheusText, type Metric } from "./prometheus";
import type { RunningEvents } from "./subgraph-definition";

/**
 * The event backbone's counters in Prometheus text format, for scraping and for the fault tests,
 * which read them from subgraph processes they kill and restart. Counters reset with the process.
 */
export async function renderEventMetrics(subgraph: string, events: RunningEvents | undefined): Promise<string> {
  const base = { subgraph };
  const metrics: Metric[] = [];
  if (events?.relay) {
    const { stats } = events.relay;
    const one = (name: string, type: Metric["type"], value: number): Metric => ({ name, type, samples: [{ labels: base, value }] });
    metrics.push(
      one("learnloop_outbox_published_total", "counter", stats.published),
      one("learnloop_outbox_batches_total", "counter", stats.batches),
      one("learnloop_outbox_failures_total", "counter", stats.failures),
      one("learnloop_outbox_pending", "gauge", await events.relay.pending().catch(() => Number.NaN)),
    );
  }
  if (events?.consumers.length)
    metrics.push({
      name: "learnloop_consumer_messages_total",
      type: "counter",
      samples: events.consumers.flatMap((c) =>
        Object.entries(c.stats).map(([outcome, value]) => ({ labels: { ...base, group: c.groupId, outcome }, value })),
      ),
    });
  return prometheusText(metrics);
}
