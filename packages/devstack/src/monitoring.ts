import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "./paths";

/** The chart's alert rules (the PrometheusRule's groups) and Grafana dashboards: one source each, read by the tests. */
export const ALERTS_FILE = path.join(REPO_ROOT, "helm", "learnloop", "files", "alerts.yaml");
export const DASHBOARDS_DIR = path.join(REPO_ROOT, "helm", "learnloop", "dashboards");
export const RUNBOOKS_DIR = path.join(REPO_ROOT, "docs", "runbooks");

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function readAlertRules(file = ALERTS_FILE): AlertRule[] {
  const doc = parse(fs.readFileSync(file, "utf8")) as { groups: { name: string; rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

/** Every PromQL expression of every panel (rows' nested panels too) of every dashboard. */
export function readDashboardQueries(dir = DASHBOARDS_DIR): DashboardQuery[] {
  type Panel = { title?: string; panels?: Panel[]; targets?: { expr?: string }[] };
  const out: DashboardQuery[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const dashboard = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { panels: Panel[] };
    const walk = (panels: Panel[] = []) => {
      for (const p of panels) {
        for (const t of p.targets ?? []) if (t.expr) out.push({ dashboard: file, panel: p.title ?? "", expr: t.expr });
        walk(p.panels);
      }
    };
    walk(dashboard.panels);
  }
  return out;
}

const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "and",
  "or",
  "unless",
  "offset",
  "inf",
  "nan",
]);

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, ranges,
 * grouping clauses, Grafana variables, durations and numbers are taken out, and function calls are skipped.
 * Enough for the expressions here; not a PromQL parser.
 */
export function promqlMetricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\$\{?\w+\}?/g, " ")
    .replace(/\b\d+(ms|[smhdwy])\b/g, " ")
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, " ");
  const names = new Set<string>();
  for (const m of bare.matchAll(/[a-zA-Z_:][\w:]*(?=\s*(\()?)/g)) if (!m[1] && !KEYWORDS.has(m[0].toLowerCase())) names.add(m[0]);
  return [...names];
}

/**
 * The series names a Prometheus text exposition offers, from its TYPE lines (so a histogram or a
 * labelled counter with no sample yet still counts): a histogram's _bucket, _sum and _count, a summary's _sum and _count.
 */
export function exposedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m;
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(name + s);
    else if (type === "summary") for (const s of ["", "_sum", "_count"]) names.add(name + s);
    else names.add(name);
  }
  return names;
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export const headingAnchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");

/** The anchors of a Markdown file's headings. */
export function markdownAnchors(file: string): Set<string> {
  const text = fs.readFileSync(file, "utf8");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1])));
}
