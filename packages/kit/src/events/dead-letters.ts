import type { TransportMessage } from "./envelope";
import type { EventTransport, ReceivedMessage } from "./transport";

export const deadLetterTopic = (groupId: string) => `${groupId}.dlq`;

const DLQ = {
  topic: "dlq-original-topic",
  partition: "dlq-original-partition",
  offset: "dlq-original-offset",
  error: "dlq-error",
  attempts: "dlq-attempts",
  failedAt: "dlq-failed-at",
  group: "dlq-consumer-group",
} as const;

/** The original message, unchanged, with where it came from and why it failed in headers. */
export function deadLetterMessage(groupId: string, message: ReceivedMessage, error: unknown, attempts: number): TransportMessage {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    topic: deadLetterTopic(groupId),
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DLQ.topic]: message.topic,
      [DLQ.partition]: String(message.partition),
      [DLQ.offset]: message.offset,
      [DLQ.error]: reason.slice(0, 2_000),
      [DLQ.attempts]: String(attempts),
      [DLQ.failedAt]: new Date().toISOString(),
      [DLQ.group]: groupId,
    },
  };
}

export interface DeadLetter {
  eventId?: string;
  type?: string;
  originalTopic: string;
  error: string;
  attempts: number;
  failedAt: string;
  message: ReceivedMessage;
}

export async function listDeadLetters(transport: EventTransport, groupId: string): Promise<DeadLetter[]> {
  const messages = await transport.readAll(deadLetterTopic(groupId));
  return messages.map((message) => ({
    eventId: message.headers["event-id"],
    type: message.headers["event-type"],
    originalTopic: message.headers[DLQ.topic],
    error: message.headers[DLQ.error],
    attempts: Number(message.headers[DLQ.attempts]),
    failedAt: message.headers[DLQ.failedAt],
    message,
  }));
}

/**
 * Publishes dead letters back to their original topic. Consumers that applied the event already
 * skip it by its id; the one that failed applies it now that it is fixed.
 */
export async function replayDeadLetters(
  transport: EventTransport,
  groupId: string,
  filter: (d: DeadLetter) => boolean = () => true,
): Promise<DeadLetter[]> {
  const chosen = (await listDeadLetters(transport, groupId)).filter(filter);
  await transport.publish(
    chosen.map((d) => {
      const headers = Object.fromEntries(Object.entries(d.message.headers).filter(([k]) => !k.startsWith("dlq-")));
      return {
        topic: d.originalTopic,
        key: d.message.key,
        value: d.message.value,
        headers: { ...headers, "dlq-replayed-at": new Date().toISOString() },
      };
    }),
  );
  return chosen;
}
