import { randomUUID } from "node:crypto";
import { Client, Pool } from "pg";
import type { Logger } from "pino";
import type { TransportMessage } from "./envelope";
import { backoff, Lease, sleep, type Query } from "./lease";
import type { EventTransport, PartitionLag, ReceivedMessage, SubscribeOptions, Subscription } from "./transport";

const SCHEMA = "eventlog";
const TOO_MANY_CONNECTIONS = "53300";
/** About 20 s of retries at most. */
const CONNECT_ATTEMPTS = 12;
/** Published rows NOTIFY this channel, so idle consumers wake at once instead of polling. */
const CHANNEL = "learnloop_eventlog";
/** While LISTEN works, idle loops still look this often: a safety net, not the delivery path. */
const LISTENING_POLL_MS = 1_000;
/** How long a new LISTEN connection may take to hear its own NOTIFY. */
const PROBE_MS = 2_000;

/**
 * The embedded default's broker: an append-only log in PostgreSQL (schema `eventlog`) with one
 * committed position per consumer group and topic. Same contract as Kafka: at least once, in
 * order per key (here in order per topic), one active member per group. See docs/adr/0008.
 */
export class EmbeddedTransport implements EventTransport {
  readonly kind = "embedded";
  private readonly pool: Pool;
  private ready?: Promise<void>;
  private readonly subscriptions = new Set<Subscription>();
  /** Counts NOTIFYs seen: a loop that saw it change since its last read must not go idle. */
  private generation = 0;
  private readonly waiters = new Set<() => void>();
  private listener?: Promise<Client | undefined>;
  private listening = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly pollMs = 50,
  ) {
    // Two connections: idle loops wait on one LISTEN connection instead of polling (ADR 0008),
    // so a process's groups rarely query at once, and a stack stays well inside max_connections.
    this.pool = new Pool({ connectionString: url, max: 2, application_name: "learnloop-eventlog" });
    this.pool.on("error", (err) => logger.warn({ err }, "event log connection failed"));
  }

  /**
   * One LISTEN connection per transport, proven by a NOTIFY of its own before it is trusted:
   * PGlite (the embedded default) has one session and hands notifications to whichever client
   * sent the last command, not to the listener. Unproven, refused or lost, the loops poll every
   * pollMs; a lost one is set up again after a backoff.
   */
  private listen(): Promise<Client | undefined> {
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.url, application_name: "learnloop-eventlog-listen", keepAlive: true });
      const lost = (err?: Error) => {
        if (!this.listening) return;
        this.listening = false;
        this.listener = undefined;
        this.logger.warn({ err }, "event log LISTEN connection lost; polling until it is back");
        this.relisten();
      };
      client.on("error", lost);
      client.on("end", () => lost());
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        const probe = randomUUID();
        const heard = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), PROBE_MS);
          client.on("notification", (n) => n.payload === probe && (clearTimeout(timer), resolve(true)));
        });
        await this.pool.query("SELECT pg_notify($1, $2)", [CHANNEL, probe]);
        if (!(await heard)) throw new Error("a NOTIFY of its own did not arrive");
      } catch (err) {
        this.logger.info({ err }, "event log LISTEN unavailable; polling every " + this.pollMs + " ms");
        client.removeAllListeners("end");
        await client.end().catch(() => undefined);
        return undefined;
      }
      client.on("notification", () => this.wakeAll());
      this.listening = true;
      this.wakeAll(); // anything published before the LISTEN took is read now
      return client;
    })();
    return this.listener;
  }

  private relistenAttempt = 0;
  private relisten() {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        if (this.closed || this.listener) return;
        void this.listen().then((client) => {
          if (client) this.relistenAttempt = 0;
          else if (!this.closed) {
            this.listener = undefined;
            this.relistenAttempt++;
            this.relisten();
          }
        });
      },
      1_000 + backoff(this.relistenAttempt, 500, 30_000),
    );
    timer.unref();
  }

  /** Whether idle loops wait for a NOTIFY (a proven LISTEN) rather than polling every pollMs. */
  get wakesOnNotify(): boolean {
    return this.listening;
  }

  private wakeAll() {
    this.generation++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Until a NOTIFY after `seen`, or the poll interval: at once when one already came. */
  private idle(seen: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.generation !== seen) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, this.listening ? LISTENING_POLL_MS : this.pollMs);
      this.waiters.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  private readonly query: Query = async (sql, params) => (await this.pool.query(sql, params)).rows;

  /**
   * A connection, retried while PostgreSQL is at max_connections (SQLSTATE 53300): a burst of
   * services starting together is transient, and the log's first connection must not fail a start.
   */
  private async connect() {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pool.connect();
      } catch (err) {
        if ((err as { code?: string }).code !== TOO_MANY_CONNECTIONS || attempt >= CONNECT_ATTEMPTS) throw err;
        this.logger.warn({ attempt }, "event log: PostgreSQL has no free connection, retrying");
        await sleep(250 + backoff(attempt, 100, 2_000));
      }
    }
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock(hashtext('learnloop-eventlog-ddl'))");
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.messages (
          id bigserial PRIMARY KEY, topic text NOT NULL, key text NOT NULL, value text NOT NULL,
          headers jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
        await client.query(`CREATE INDEX IF NOT EXISTS messages_topic_id ON ${SCHEMA}.messages (topic, id)`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.group_offsets (
          group_id text NOT NULL, topic text NOT NULL, last_id bigint NOT NULL, PRIMARY KEY (group_id, topic))`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.leases (
          name text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL)`);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        this.ready = undefined;
        throw err;
      } finally {
        client.release();
      }
    })();
    return this.ready;
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    if (!messages.length) return;
    await this.init();
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      // Writers take turns, so ids become visible in id order and a reader never skips a gap.
      await client.query(`LOCK TABLE ${SCHEMA}.messages IN EXCLUSIVE MODE`);
      await client.query(
        `INSERT INTO ${SCHEMA}.messages (topic, key, value, headers)
         SELECT topic, key, value, headers
           FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS m(topic, key, value, headers, n)
          ORDER BY n`,
        [
          messages.map((m) => m.topic),
          messages.map((m) => m.key),
          messages.map((m) => m.value),
          messages.map((m) => JSON.stringify(m.headers)),
        ],
      );
      // Delivered at COMMIT, to every listening transport (each consumer group's process).
      await client.query(`SELECT pg_notify('${CHANNEL}', '')`);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error("the event log transport is closed");
    await this.init();
    void this.listen(); // the loops poll every pollMs until it is proven
    if (options.broadcast) return this.broadcast(options, options.broadcast.tail);
    const lease = new Lease(this.query, `${SCHEMA}.leases`, `group:${options.groupId}`);
    const log = this.logger.child({ group: options.groupId });
    return this.pollLoop(
      log,
      "event log consumer failed; retrying from the last committed position",
      async (signal) => {
        if (!(await lease.acquire())) {
          await sleep(1_000, signal); // another member holds the group: stand by
          return true;
        }
        const batch = await this.fetch(options.groupId, options.topics);
        for (const message of batch) {
          if (signal.aborted) break;
          await options.handle(message);
          await this.commit(options.groupId, message);
        }
        return batch.length > 0;
      },
      () => lease.release().catch(() => undefined),
    );
  }

  /** Every message of the topics from `tail` back, for this subscriber alone; no lease, no commits. */
  private async broadcast(options: SubscribeOptions, tail: number): Promise<Subscription> {
    const cursor = new Map<string, string>();
    // Ids are global and commit in order (writers serialise), so one head marks the backlog.
    const [{ head }] = await this.query(`SELECT COALESCE(max(id), 0) AS head FROM ${SCHEMA}.messages`);
    for (const topic of options.topics) {
      // The id `tail` messages back (the newest for tail 0); 0 when the topic holds fewer.
      const [row] = await this.query(
        `SELECT COALESCE((SELECT id FROM ${SCHEMA}.messages WHERE topic = $1 ORDER BY id DESC OFFSET $2 LIMIT 1), 0) AS id`,
        [topic, Math.max(0, tail - 1)],
      );
      const id = Number(row.id);
      cursor.set(topic, String(tail > 0 ? Math.max(0, id - 1) : id));
    }
    const log = this.logger.child({ broadcast: options.groupId });
    return this.pollLoop(log, "event log broadcast failed; retrying", async (signal) => {
      const rows = await this.query(
        `SELECT m.id, m.topic, m.key, m.value, m.headers FROM ${SCHEMA}.messages m
           JOIN unnest($1::text[], $2::bigint[]) AS c(topic, last_id) ON c.topic = m.topic
          WHERE m.id > c.last_id ORDER BY m.id LIMIT 200`,
        [[...cursor.keys()], [...cursor.values()]],
      );
      for (const message of rows.map(toReceived)) {
        if (signal.aborted) break;
        message.backlog = Number(message.offset) <= Number(head);
        await options.handle(message).catch((err) => log.warn({ err }, "broadcast handler failed; message skipped"));
        cursor.set(message.topic, message.offset);
      }
      return rows.length > 0;
    });
  }

  /** Runs `step` until stopped: again at once after work, after the poll interval when idle, with backoff after failures. */
  private pollLoop(
    log: Logger,
    failure: string,
    step: (signal: AbortSignal) => Promise<boolean>,
    after?: () => Promise<unknown>,
  ): Subscription {
    const abort = new AbortController();
    let ended = false;
    const loop = (async () => {
      let failures = 0;
      while (!abort.signal.aborted) {
        try {
          const seen = this.generation; // before the read: a NOTIFY during it means look again
          const busy = await step(abort.signal);
          failures = 0;
          if (!busy) await this.idle(seen, abort.signal);
        } catch (err) {
          log.warn({ err }, failure);
          await sleep(backoff(++failures, 200, 10_000), abort.signal);
        }
      }
      await after?.();
    })().finally(() => (ended = true));
    const subscription: Subscription = {
      get running() {
        return !abort.signal.aborted && !ended;
      },
      stop: async () => {
        abort.abort();
        await loop;
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  private async fetch(groupId: string, topics: string[]): Promise<ReceivedMessage[]> {
    const rows = await this.query(
      `SELECT m.id, m.topic, m.key, m.value, m.headers FROM ${SCHEMA}.messages m
         JOIN unnest($2::text[]) AS t(topic) ON t.topic = m.topic
         LEFT JOIN ${SCHEMA}.group_offsets o ON o.group_id = $1 AND o.topic = m.topic
        WHERE m.id > COALESCE(o.last_id, 0)
        ORDER BY m.id LIMIT 200`,
      [groupId, topics],
    );
    return rows.map(toReceived);
  }

  private async commit(groupId: string, message: ReceivedMessage): Promise<void> {
    await this.query(
      `INSERT INTO ${SCHEMA}.group_offsets (group_id, topic, last_id) VALUES ($1, $2, $3)
       ON CONFLICT (group_id, topic) DO UPDATE SET last_id = GREATEST(group_offsets.last_id, EXCLUDED.last_id)`,
      [groupId, message.topic, message.offset],
    );
  }

  /** Rows after the group's committed id in each topic (one partition), by the (topic, id) index. */
  async lag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    await this.init();
    const rows = await this.query(
      `SELECT t.topic, count(m.id)::int AS messages,
              COALESCE(EXTRACT(EPOCH FROM now() - min(m.created_at)), 0)::float8 AS age
         FROM unnest($2::text[]) AS t(topic)
         LEFT JOIN ${SCHEMA}.group_offsets o ON o.group_id = $1 AND o.topic = t.topic
         LEFT JOIN ${SCHEMA}.messages m ON m.topic = t.topic AND m.id > COALESCE(o.last_id, 0)
        GROUP BY t.topic ORDER BY t.topic`,
      [groupId, topics],
    );
    return rows.map((r) => ({ topic: String(r.topic), partition: 0, messages: Number(r.messages), oldestAgeSeconds: Number(r.age) }));
  }

  async readAll(topic: string): Promise<ReceivedMessage[]> {
    await this.init();
    const rows = await this.query(`SELECT id, topic, key, value, headers FROM ${SCHEMA}.messages WHERE topic = $1 ORDER BY id`, [topic]);
    return rows.map(toReceived);
  }

  async ensureTopics(): Promise<void> {
    await this.init();
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.listening = false; // first: the listener's end is not a loss to recover from
    const listener = await this.listener;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

function toReceived(row: Record<string, unknown>): ReceivedMessage {
  return {
    topic: String(row.topic),
    partition: 0,
    offset: String(row.id),
    key: String(row.key),
    value: String(row.value),
    headers: row.headers as Record<string, string>,
  };
}
