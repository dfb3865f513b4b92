import type { Logger } from "pino";
import type { SubgraphEnv } from "../config/env";
import { EmbeddedTransport } from "./embedded-transport";
import { KafkaTransport } from "./kafka-transport";
import type { EventTransport } from "./transport";

type TransportEnv = Pick<SubgraphEnv, "KAFKA_BROKERS" | "EVENTLOG_DATABASE_URL" | "DATABASE_URL"> &
  Partial<
    Pick<
      SubgraphEnv,
      "KAFKA_SESSION_TIMEOUT_MS" | "KAFKA_HEARTBEAT_INTERVAL_MS" | "KAFKA_FETCH_MAX_WAIT_MS" | "KAFKA_PARTITIONS_CONCURRENTLY"
    >
  >;

/** `KAFKA_BROKERS` switches to Kafka; otherwise the embedded log in PostgreSQL. */
export function createTransport(env: TransportEnv, clientId: string, logger: Logger): EventTransport {
  const log = logger.child({ source: "events" });
  if (env.KAFKA_BROKERS.length)
    return new KafkaTransport({
      brokers: env.KAFKA_BROKERS,
      clientId,
      logger: log,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
      fetchMaxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS,
      partitionsConcurrently: env.KAFKA_PARTITIONS_CONCURRENTLY,
    });
  return new EmbeddedTransport(env.EVENTLOG_DATABASE_URL ?? env.DATABASE_URL, log);
}
