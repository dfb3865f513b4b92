import { randomBytes, randomUUID } from "node:crypto";

/** Request-scoped facts an event carries from the mutation that caused it to every consumer. */
export interface EventMeta {
  requestId?: string;
  /** W3C trace context, so a trace continues across the broker. */
  traceparent?: string;
  /** The client instance that caused the event (echo suppression for subscriptions). */
  clientId?: string;
}

export interface EventEnvelope<P = Record<string, unknown>> {
  id: string;
  type: string;
  version: number;
  /** Partition key: events with the same key are delivered in order. */
  key: string;
  occurredAt: string;
  producer: string;
  payload: P;
  meta: EventMeta;
}

/** A message as a transport moves it; the envelope is its JSON value plus headers. */
export interface TransportMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const HEADERS = {
  id: "event-id",
  type: "event-type",
  version: "event-version",
  requestId: "x-request-id",
  traceparent: "traceparent",
  clientId: "x-client-id",
} as const;

export function newTraceparent(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`;
}

const TRACEPARENT = /^00-(?!0{32})[\da-f]{32}-(?!0{16})[\da-f]{16}-[\da-f]{2}$/;
/** Continues the caller's W3C trace when it sent a valid traceparent; starts one otherwise. */
export const continueTrace = (given: string | undefined): string => (given && TRACEPARENT.test(given) ? given : newTraceparent());

export function createEnvelope<P>(
  init: Omit<EventEnvelope<P>, "id" | "occurredAt"> & { id?: string; occurredAt?: Date },
): EventEnvelope<P> {
  return {
    ...init,
    id: init.id ?? randomUUID(),
    occurredAt: (init.occurredAt ?? new Date()).toISOString(),
    meta: { ...init.meta, traceparent: init.meta.traceparent ?? newTraceparent() },
  };
}

export function toMessage(topic: string, envelope: EventEnvelope<unknown>): TransportMessage {
  const { meta, ...body } = envelope;
  const headers: Record<string, string> = {
    [HEADERS.id]: envelope.id,
    [HEADERS.type]: envelope.type,
    [HEADERS.version]: String(envelope.version),
  };
  if (meta.requestId) headers[HEADERS.requestId] = meta.requestId;
  if (meta.traceparent) headers[HEADERS.traceparent] = meta.traceparent;
  if (meta.clientId) headers[HEADERS.clientId] = meta.clientId;
  return { topic, key: envelope.key, value: JSON.stringify(body), headers };
}

export class MalformedEventError extends Error {
  readonly code = "MALFORMED_EVENT";
}

/** Reads an envelope back; anything that is not one is a poison message. */
export function fromMessage(message: TransportMessage): EventEnvelope<unknown> {
  let body: Partial<EventEnvelope<unknown>>;
  try {
    body = JSON.parse(message.value) as Partial<EventEnvelope<unknown>>;
  } catch {
    throw new MalformedEventError("value is not JSON");
  }
  if (!body || typeof body !== "object" || typeof body.id !== "string" || typeof body.type !== "string" || typeof body.version !== "number")
    throw new MalformedEventError("value is not an event envelope (id, type, version)");
  return {
    id: body.id,
    type: body.type,
    version: body.version,
    key: message.key,
    occurredAt: String(body.occurredAt ?? ""),
    producer: String(body.producer ?? "unknown"),
    payload: body.payload,
    meta: {
      requestId: message.headers[HEADERS.requestId],
      traceparent: message.headers[HEADERS.traceparent],
      clientId: message.headers[HEADERS.clientId],
    },
  };
}
