import { randomUUID } from "node:crypto";
import { BadUserInputError } from "@learnloop/kit";
import type { TrackedEvent } from "../tracking/tracking.store";
import { ClientEventType, type ClientEventInput } from "./client-events.inputs";

export const CLIENT_EVENT_LIMITS = {
  perCall: 50,
  /** A client clock may run this far ahead of ours. */
  futureSkewMs: 60_000,
  maxAgeMs: 7 * 86_400_000,
  screenPattern: /^[A-Za-z0-9][A-Za-z0-9_./-]{0,99}$/,
  maxDurationSeconds: 86_400,
} as const;

/** The stored type of a client event: `client.session_end` for SESSION_END. */
const storedType = (type: ClientEventType): string => `client.${type.toLowerCase()}`;
export const CLIENT_EVENT_TYPES = Object.values(ClientEventType).map(storedType);

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The problem with one event, or null. Messages name the field, never echo its value. */
function problemOf(e: ClientEventInput, now: number): string | null {
  const at = ISO_WITH_ZONE.test(e.occurredAt) ? Date.parse(e.occurredAt) : NaN;
  if (Number.isNaN(at)) return "occurredAt must be an ISO 8601 timestamp with a zone, such as 2026-12-01T18:00:00Z";
  if (at > now + CLIENT_EVENT_LIMITS.futureSkewMs) return "occurredAt is in the future";
  if (at < now - CLIENT_EVENT_LIMITS.maxAgeMs) return "occurredAt is more than 7 days old";
  const screen = e.screen ?? undefined;
  const duration = e.durationSeconds ?? undefined;
  if (e.type === ClientEventType.SCREEN_VIEW) {
    if (screen === undefined) return "screen is required for SCREEN_VIEW";
    if (!CLIENT_EVENT_LIMITS.screenPattern.test(screen))
      return "screen must be 1 to 100 of letters, digits and _ . / - (starting with a letter or digit)";
  } else if (screen !== undefined) return `screen is for SCREEN_VIEW only, not ${e.type}`;
  if (e.type === ClientEventType.SESSION_END) {
    if (duration === undefined) return "durationSeconds is required for SESSION_END";
    if (duration < 0 || duration > CLIENT_EVENT_LIMITS.maxDurationSeconds) return "durationSeconds must be 0 to 86400";
  } else if (duration !== undefined) return `durationSeconds is for SESSION_END only, not ${e.type}`;
  return null;
}

/**
 * The rows a batch of client events becomes, or BAD_USER_INPUT naming the first bad one: a batch
 * is stored whole or not at all, so a client can resend it unchanged once fixed.
 */
export function clientEventRows(userId: string, events: readonly ClientEventInput[], now = Date.now()): TrackedEvent[] {
  if (events.length === 0) throw new BadUserInputError("events must hold 1 to 50 events");
  if (events.length > CLIENT_EVENT_LIMITS.perCall)
    throw new BadUserInputError(`events must hold 1 to 50 events, not ${events.length}`, { limit: CLIENT_EVENT_LIMITS.perCall });
  events.forEach((e, index) => {
    const problem = problemOf(e, now);
    if (problem) throw new BadUserInputError(`events[${index}]: ${problem}`, { index });
  });
  return events.map((e) => ({
    eventId: randomUUID(),
    type: storedType(e.type),
    version: 1,
    source: "client" as const,
    userId,
    occurredAt: new Date(e.occurredAt),
    payload: {
      ...(e.screen != null ? { screen: e.screen } : {}),
      ...(e.durationSeconds != null ? { durationSeconds: e.durationSeconds } : {}),
    },
  }));
}
