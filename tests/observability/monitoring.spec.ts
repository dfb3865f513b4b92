import fs from "node:fs";
import path from "node:path";
import {
  ALERTS_FILE,
  exposedMetricNames,
  markdownAnchors,
  promqlMetricNames,
  readAlertRules,
  readDashboardQueries,
  readSubgraphList,
  parseMetrics,
  REPO_ROOT,
  RUNBOOKS_DIR,
  deploy,
} from "@learnloop/devstack";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * The alert rules and dashboards against what the code registers: every metric an expression names
 * must be on some service's /metrics of a running stack (the gateway and every subgraph, each with
 * its relay and consumers), and every alert links a runbook section that exists.
 */
let stack: TestStack;
let registered: Set<string>;
beforeAll(async () => {
  stack = await startStack();
  const urls = [stack.gatewayMetricsUrl!, ...Object.values(stack.subgraphs).map((s) => s.metricsUrl!)];
  expect(urls.every(Boolean)).toBe(true);
  registered = new Set<string>();
  for (const url of urls) for (const name of exposedMetricNames(await (await fetch(url)).text())) registered.add(name);
}, 120_000);
afterAll(() => stack?.stop());

const rules = readAlertRules();
const queries = readDashboardQueries();
const subgraphs = readSubgraphList().map((s) => s.name);
/** Series Prometheus writes itself for every scrape target, which no /metrics shows. */
const PROMETHEUS_SERIES = new Set(["up"]);

it("reads metric names off the running services, including those without samples yet", () => {
  // Sanity of the source of truth: a histogram's series, a scraped gauge, the process's own.
  for (const name of [
    "learnloop_gateway_operation_duration_seconds_bucket",
    "learnloop_gateway_operation_errors_total",
    "learnloop_gateway_subgraph_fetch_failures_total",
    "learnloop_outbox_oldest_age_seconds",
    "learnloop_consumer_event_lag_seconds_bucket",
    "learnloop_consumer_up",
    "learnloop_consumer_lag_messages",
    "learnloop_consumer_oldest_unprocessed_age_seconds",
    "learnloop_live_subscriptions",
    "process_resident_memory_bytes",
  ])
    expect(registered).toContain(name);
  expect(promqlMetricNames(`sum by (le) (rate(a_b_bucket{x="y"}[5m])) / clamp_min(sum(c_total offset 1h), 1e-9) > 0.5`)).toEqual([
    "a_b_bucket",
    "c_total",
  ]);
});

it("has alert rules and dashboards to check", () => {
  expect(rules.length).toBeGreaterThanOrEqual(8);
  expect(new Set(queries.map((q) => q.dashboard))).toEqual(new Set(["gateway.json", "event-backbone.json"]));
});

it.each(readAlertRules().map((r) => [r.alert, r.expr]))("alert %s names only registered metrics", (_alert, expr) => {
  const names = promqlMetricNames(expr);
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((n) => !registered.has(n) && !PROMETHEUS_SERIES.has(n))).toEqual([]);
});

it("alerts when the gateway or any subgraph has no scrape target, by the job the chart's ServiceMonitors give it", () => {
  const services = ["gateway", ...subgraphs];
  const absent = rules.map((r) => /^absent\(up\{job="learnloop-([\w-]+)"\}\)$/.exec(r.expr.trim())?.[1]).filter(Boolean);
  expect(absent.sort()).toEqual([...services].sort());
  expect(rules.some((r) => r.expr.includes(`up{job=~"learnloop-.+"}`) && /==\s*0\s*$/.test(r.expr))).toBe(true);
  const objects = deploy.helmTemplate();
  const jobs = objects.filter((o) => o.kind === "Service").map((s) => s.metadata.labels?.["learnloop.dev/job"]);
  expect(jobs.sort()).toEqual(services.map((s) => `learnloop-${s}`).sort());
  expect(new Set(objects.filter((o) => o.kind === "ServiceMonitor").map((m) => m.spec.jobLabel))).toEqual(new Set(["learnloop.dev/job"]));
});

it.each(readDashboardQueries().map((q) => [`${q.dashboard}: ${q.panel}`, q.expr]))("panel %s names only registered metrics", (_p, expr) => {
  const names = promqlMetricNames(expr);
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((n) => !registered.has(n))).toEqual([]);
});

describe("runbooks", () => {
  it("exist for the gateway and every subgraph in subgraphs.json", () => {
    for (const service of ["gateway", ...subgraphs]) expect(fs.existsSync(path.join(RUNBOOKS_DIR, `${service}.md`))).toBe(true);
  });

  it.each(readAlertRules().map((r) => [r.alert, r]))("%s has a severity, a summary and a runbook section that exists", (_a, rule) => {
    expect(["critical", "warning"]).toContain(rule.labels.severity);
    expect(rule.annotations.summary).toBeTruthy();
    const link = rule.annotations.runbook_url;
    const m = /^docs\/runbooks\/([^#]+)\.md#([\w-]+)$/.exec(
      link.replace("{{ $labels.subgraph }}", "SUBGRAPH").replace("{{ $labels.service }}", "SERVICE"),
    );
    expect(m).not.toBeNull();
    // A per-subgraph (or per-service) link must resolve for every one the alert can name.
    const services = m![1] === "SUBGRAPH" ? subgraphs : m![1] === "SERVICE" ? ["gateway", ...subgraphs] : [m![1]];
    for (const service of services) {
      const file = path.join(RUNBOOKS_DIR, `${service}.md`);
      expect(fs.existsSync(file)).toBe(true);
      expect([...markdownAnchors(file)]).toContain(m![2]);
    }
  });
});

it("the chart's PrometheusRule is guarded by monitoring.prometheusRules.enabled and loads the one rules file", () => {
  const template = fs.readFileSync(path.join(REPO_ROOT, "helm/learnloop/templates/prometheusrule.yaml"), "utf8");
  expect(template.startsWith("{{- if .Values.monitoring.prometheusRules.enabled }}")).toBe(true);
  expect(template).toContain(`.Files.Get "files/${path.basename(ALERTS_FILE)}"`);
  expect(template).toContain("kind: PrometheusRule");
});

describe("the metrics the rules rely on count what they say", () => {
  const scrape = async (url: string) => parseMetrics(await (await fetch(url)).text());
  const gateway = () => scrape(stack.gatewayMetricsUrl!);
  const subgraph = (name: string) => scrape(stack.subgraphs[name].metricsUrl!);

  it("an event's delivery lag is observed by its consumer and the live feed; the outbox drains to age 0", async () => {
    const token = stack.token("user_metrics_rin");
    const r = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, { token });
    expect(r.body.errors).toBeUndefined();
    const lagCount = `learnloop_consumer_event_lag_seconds_count{subgraph="notifications",group="notifications.progress-notifications"}`;
    await waitFor(async () => ((await subgraph("notifications"))[lagCount] ?? 0) >= 1, 20_000, "the consumer's lag sample");
    await waitFor(async () => ((await gateway())["learnloop_live_event_lag_seconds_count"] ?? 0) >= 1, 20_000, "the feed's lag sample");
    await waitFor(
      async () => (await subgraph("progress"))[`learnloop_outbox_oldest_age_seconds{subgraph="progress"}`] === 0,
      20_000,
      "an empty outbox",
    );
    expect(
      (await subgraph("notifications"))[`learnloop_consumer_up{subgraph="notifications",group="notifications.progress-notifications"}`],
    ).toBe(1);
    // The broker's view: the group's committed position reaches the head of each topic it reads.
    const lagPrefix = `learnloop_consumer_lag_messages{subgraph="notifications",group="notifications.progress-notifications",`;
    await waitFor(
      async () => {
        const lags = Object.entries(await subgraph("notifications")).filter(([k]) => k.startsWith(lagPrefix));
        return lags.length > 0 && lags.every(([, v]) => v === 0);
      },
      20_000,
      "the group's lag at 0",
    );
  });

  it("a caller's error counts as client; a subgraph that is down as server, and as a failed fetch", async () => {
    const before = await gateway();
    const clientKey = `learnloop_gateway_operation_errors_total{operation="Anonymous",type="mutation",class="client"}`;
    const signedOut = await gql(
      stack.gatewayUrl,
      `mutation Anonymous { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`,
    );
    expect(signedOut.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gateway())[clientKey]).toBe((before[clientKey] ?? 0) + 1);

    await stack.subgraphs.content.stop(); // the last test: the stack is stopped after it
    const serverKey = `learnloop_gateway_operation_errors_total{operation="Lessons",type="query",class="server"}`;
    const down = await gql(stack.gatewayUrl, `query Lessons { lessons(first: 1) { edges { node { id } } } }`);
    expect(down.body.errors?.map((e) => e.extensions?.code)).toContain("SUBGRAPH_UNAVAILABLE");
    const after = await gateway();
    expect(after[serverKey]).toBe((before[serverKey] ?? 0) + 1);
    expect(after[`learnloop_gateway_subgraph_fetch_failures_total{subgraph="content"}`]).toBeGreaterThanOrEqual(1);
  });
});
