/** One metric and its samples; a sample's labels may be empty. */
export interface Metric {
  name: string;
  type: "counter" | "gauge";
  samples: { labels?: Record<string, string>; value: number }[];
}

const labelText = (labels: Record<string, string> = {}) => {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`)
    .join(",");
  return l ? `{${l}}` : "";
};

/** The Prometheus text exposition format, for /metrics. */
export function prometheusText(metrics: Metric[]): string {
  const lines = metrics.flatMap((m) => [
    `# TYPE ${m.name} ${m.type}`,
    ...m.samples.map((s) => `${m.name}${labelText(s.labels)} ${s.value}`),
  ]);
  return `${lines.join("\n")}\n`;
}
