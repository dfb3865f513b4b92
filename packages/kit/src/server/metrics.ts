import type { RunningEvents } from "./subgraph";

const line = (name: string, labels: Record<string, string>, value: number) => {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`)
    .join(",");
  return `${name}${l ? `{${l}}` : ""} ${value}`;
};

/**
 * The event backbone's counters in Prometheus text format, for scraping and for the fault tests,
 * which read them from subgraph processes they kill and restart. Counters reset with the process.
 */
export async function renderEventMetrics(subgraph: string, events: RunningEvents | undefined): Promise<string> {
  const out: string[] = [];
  const base = { subgraph };
  if (events?.relay) {
    const { stats } = events.relay;
    out.push(
      "# TYPE learnloop_outbox_published_total counter",
      line("learnloop_outbox_published_total", base, stats.published),
      "# TYPE learnloop_outbox_batches_total counter",
      line("learnloop_outbox_batches_total", base, stats.batches),
      "# TYPE learnloop_outbox_failures_total counter",
      line("learnloop_outbox_failures_total", base, stats.failures),
      "# TYPE learnloop_outbox_pending gauge",
      line("learnloop_outbox_pending", base, await events.relay.pending().catch(() => Number.NaN)),
    );
  }
  if (events?.consumers.length) {
    out.push("# TYPE learnloop_consumer_messages_total counter");
    for (const consumer of events.consumers)
      for (const [outcome, value] of Object.entries(consumer.stats))
        out.push(line("learnloop_consumer_messages_total", { ...base, group: consumer.groupId, outcome }, value));
  }
  return `${out.join("\n")}\n`;
}
