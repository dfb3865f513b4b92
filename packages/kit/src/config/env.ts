import { z } from "zod";
import { tracingEnv } from "../tracing/tracing-env";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses an environment against a zod schema and reports every invalid variable at once,
 * so an operator fixes a deployment in one round instead of one variable per restart.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(root)";
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** A process's config: parsed, or every problem printed and the process ended before it starts. */
export function parseEnvOrExit<S extends z.ZodType>(service: string, schema: S): z.infer<S> {
  try {
    return parseEnv(schema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${service}: ${err.message}\n`);
    process.exit(1);
  }
}

/**
 * For a check across variables (`.refine`/`.superRefine` on the whole schema): zod skips those once
 * any variable failed, which would report them only in a second round. With this, the check runs
 * whenever the variables it reads parsed, so one run lists every problem.
 */
export const whenParsed = (...names: string[]) => ({
  when: (payload: z.core.ParsePayload) => !payload.issues.some((issue) => names.includes(String(issue.path?.[0]))),
});

export const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
export const port = z.coerce.number().int().min(0).max(65535);
export const url = z.string().url();
export const csv = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** A PEM key may be given with literal "\n" escapes, as most secret stores hand it over. */
export const pem = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .transform((s) => s.replace(/\\n/g, "\n").trim())
    .refine((s) => s.includes("-----BEGIN"), `${label} must be a PEM-encoded key`);

/** Where events come from and go to: Kafka, or the embedded log. Subgraphs and the gateway read them alike. */
export const eventSourceEnv = {
  /** Kafka bootstrap list; empty means the embedded event log in PostgreSQL. */
  KAFKA_BROKERS: csv.describe(
    "Kafka bootstrap list, such as `kafka-0.kafka:9092,kafka-1.kafka:9092`; unset: the embedded event log in PostgreSQL",
  ),
  /** Where the embedded event log lives; defaults to DATABASE_URL. All services must share it. */
  EVENTLOG_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .describe("The embedded event log's database, if not `DATABASE_URL`; every service must use the same one"),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000).describe("Consumer group session timeout"),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).default(3_000).describe("Consumer group heartbeat"),
  /** How long a fetch may wait for data. Kafka answers as soon as data arrives; librdkafka's mock always waits it out. */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30_000)
    .default(5_000)
    .describe("How long a fetch may wait for data (Kafka answers sooner when data arrives)"),
  /** Partitions one consumer applies at once; order holds within each partition (one user's events). */
  KAFKA_PARTITIONS_CONCURRENTLY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .describe("Partitions a consumer applies at once; order holds per key (one user's events)"),
};

/**
 * METRICS_PORT: where GET /metrics is served, apart from the service's own port so that only the
 * scraper's network reaches it. A port (0: any free one), `off`, or `auto`: PORT + 1000 (any free
 * port when PORT is 0). An empty value counts as unset.
 */
export const metricsPortEnv = (fallback: "auto" | "off") =>
  z.preprocess((v) => (v === "" ? undefined : v), z.union([z.enum(["auto", "off"]), port]).default(fallback));
export type MetricsPortSetting = "auto" | "off" | number;

/** The port to serve metrics on, or undefined when they are off. */
export function resolveMetricsPort(setting: MetricsPortSetting, servicePort: number): number | undefined {
  if (setting === "off") return undefined;
  if (setting !== "auto") return setting;
  if (servicePort === 0) return 0;
  if (servicePort + 1000 > 65535) throw new ConfigError([`METRICS_PORT: PORT + 1000 is past 65535; set METRICS_PORT`]);
  return servicePort + 1000;
}

/** How long a starting process waits for another's migrations (ADR 0029); below the startup probe's budget. */
export const migrationLockEnv = {
  MIGRATION_LOCK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(10 * 60 * 1000)
    .describe("How long start waits for the migration lock held by another process (10 min), then fails"),
};

/** Variables every subgraph reads. Subgraphs extend this with their own. */
export const subgraphEnvSchema = z.object({
  PORT: port.describe("The GraphQL port; its default is the subgraph's port in subgraphs.json"),
  HOST: z.string().default("127.0.0.1").describe("The address to listen on; `0.0.0.0` in a container"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .describe("PostgreSQL, such as `postgres://learnloop@db:5432/learnloop`; the subgraph uses its own schema only"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10).describe("Connections in the pool"),
  INTERNAL_CONTEXT_PUBLIC_KEY: pem("INTERNAL_CONTEXT_PUBLIC_KEY").describe(
    "Ed25519 public key (PEM) matching the gateway's `INTERNAL_CONTEXT_PRIVATE_KEY`",
  ),
  LOG_LEVEL: logLevel.describe("pino level: fatal, error, warn, info, debug, trace or silent"),
  BODY_LIMIT: z.string().default("1mb").describe("Largest request body"),
  /** GET /metrics on its own port; see metricsPortEnv. */
  METRICS_PORT: metricsPortEnv("auto").describe("GET /metrics only: a port, `0` (any), `off`, or `auto` (`PORT` + 1000)"),
  /** How long GET /ready waits for the database (connection and `SELECT 1`) before it answers 503. */
  READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000).describe("GET /ready answers 503 if the database is slower"),
  /** How long a keyed mutation's outcome is kept for retries with its Idempotency-Key (24 h). */
  IDEMPOTENCY_TTL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(24 * 60 * 60 * 1000)
    .describe("How long a keyed mutation's outcome is replayed (24 h)"),
  /** How long a retry waits for an attempt with the same key still running, before IDEMPOTENCY_KEY_IN_USE. */
  IDEMPOTENCY_WAIT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(60_000)
    .default(5_000)
    .describe("A retry's wait for its key's attempt in flight, then 409"),
  ...eventSourceEnv,
  ...migrationLockEnv,
  ...tracingEnv,
});
export type SubgraphEnv = z.infer<typeof subgraphEnvSchema>;
