import { Client } from "pg";
import type { Logger } from "pino";
import { runInBackground, type Database } from "../db/database";
import { backoff, Lease, sleep, type Query } from "./lease";
import { contextOf, contextWith, failed, SpanKind, startSpan, withTraceContext, type Span } from "../tracing/spans";
import { HEADERS, type TransportMessage } from "./envelope";
import { outboxChannel } from "./outbox";
import type { EventTransport } from "./transport";

export interface OutboxRelayOptions {
  db: Database;
  schema: string;
  /** For LISTEN; without it the relay only polls. */
  databaseUrl?: string;
  transport: EventTransport;
  logger: Logger;
  batchSize?: number;
  idlePollMs?: number;
}

export interface RelayStats {
  published: number;
  batches: number;
  failures: number;
}

/**
 * Moves outbox rows to the broker, oldest first. One relay per subgraph holds the lease, and a
 * batch is deleted only after the broker accepted all of it, so nothing is lost and order per
 * key holds. A crash between publish and delete publishes that batch again (consumers dedupe).
 */
export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, batches: 0, failures: 0 };
  private readonly abort = new AbortController();
  private wake?: () => void;
  /** A NOTIFY came while the relay was busy: the next idle must not wait. */
  private notified = false;
  private loop?: Promise<void>;
  private looping = false;
  private listener?: Client;
  private readonly query: Query;
  private readonly lease: Lease;

  constructor(private readonly options: OutboxRelayOptions) {
    this.query = (sql, params) => options.db.dataSource.query(sql, params);
    this.lease = new Lease(this.query, `"${options.schema}".leases`, "outbox-relay");
  }

  async start(): Promise<void> {
    await this.listen();
    this.looping = true;
    this.loop = runInBackground(() => this.run())
      .catch((err: unknown) => this.options.logger.error({ err }, "outbox relay crashed"))
      .finally(() => (this.looping = false));
  }

  /** Started, not stopped, and its loop has not ended (it retries every failure, so only a bug ends it): for /ready. */
  get running(): boolean {
    return this.looping && !this.abort.signal.aborted;
  }

  private async listen(): Promise<void> {
    if (!this.options.databaseUrl) return;
    try {
      const client = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.schema}-relay` });
      client.on("error", () => undefined); // polling carries on without it
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
      client.on("notification", () => {
        this.notified = true;
        this.wake?.();
      });
      this.listener = client;
    } catch (err) {
      this.options.logger.debug({ err }, "outbox LISTEN unavailable; polling only");
    }
  }

  private async run(): Promise<void> {
    const { logger, transport, batchSize = 500, idlePollMs = 200 } = this.options;
    const table = `"${this.options.schema}".outbox`;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      let ids: string[] = [];
      try {
        if (!(await this.lease.acquire())) {
          await sleep(1_000, this.abort.signal);
          continue;
        }
        this.notified = false; // this read sees everything committed before it
        const rows = await this.query(`SELECT id, topic, key, value, headers FROM ${table} ORDER BY id LIMIT $1`, [batchSize]);
        if (!rows.length) {
          await this.idle(idlePollMs);
          continue;
        }
        ids = rows.map((r) => String(r.id));
        const sends = rows.map((r) => this.send(r));
        try {
          await transport.publish(sends.map((s) => s.message));
        } catch (err) {
          for (const s of sends) failed(s.span, err);
          throw err;
        } finally {
          for (const s of sends) s.span.end();
        }
        await this.query(`DELETE FROM ${table} WHERE id = ANY($1::bigint[])`, [ids]);
        this.stats.published += rows.length;
        this.stats.batches++;
        if (failures) logger.info({ after: failures }, "outbox relay recovered");
        failures = 0;
      } catch (err) {
        this.stats.failures++;
        failures++;
        logger.warn({ err, attempt: failures, pending: ids.length }, "outbox relay could not publish; will retry");
        if (ids.length)
          await this.query(`UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            ids,
            String((err as Error).message).slice(0, 500),
          ]).catch(() => undefined);
        await sleep(backoff(failures, 100, 30_000), this.abort.signal);
      }
    }
  }

  /**
   * One PRODUCER span per row, a child of the change that wrote it (the row's trace context), and
   * the message carries the span's context on to the consumers. Tracing off: the row's headers as they are.
   */
  private send(row: Record<string, unknown>): { message: TransportMessage; span: Span } {
    const headers = row.headers as Record<string, string>;
    const topic = String(row.topic);
    const span = startSpan(`publish ${topic}`, {
      kind: SpanKind.PRODUCER,
      parent: contextOf(headers),
      attributes: {
        "messaging.system": this.options.transport.kind,
        "messaging.operation.type": "send",
        "messaging.destination.name": topic,
        "learnloop.event.type": headers[HEADERS.type],
        "learnloop.event.id": headers[HEADERS.id],
      },
    });
    return {
      message: { topic, key: String(row.key), value: String(row.value), headers: withTraceContext(headers, contextWith(span)) },
      span,
    };
  }

  private idle(ms: number): Promise<void> {
    if (this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const signal = this.abort.signal;
      const done = () => {
        this.wake = undefined;
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.wake = done;
    });
  }

  /** Rows written but not yet published. */
  async pending(): Promise<number> {
    const [row] = await this.query(`SELECT count(*)::int AS n FROM "${this.options.schema}".outbox`);
    return Number(row.n);
  }

  /** Seconds the oldest unpublished row has waited (0 when the outbox is empty). */
  async oldestAgeSeconds(): Promise<number> {
    const [row] = await this.query(
      `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age FROM "${this.options.schema}".outbox`,
    );
    return Number(row.age);
  }

  async stop(): Promise<void> {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    await this.loop;
    await this.lease.release().catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }
}
