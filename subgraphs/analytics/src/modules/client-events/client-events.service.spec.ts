import { ClientEventType } from "./client-events.inputs";
import { clientEventRows } from "./client-events.service";

const NOW = Date.parse("2026-12-01T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const start = (occurredAt: string) => ({ type: ClientEventType.SESSION_START, occurredAt });
const rows = (events: Parameters<typeof clientEventRows>[1]) => clientEventRows("user_unit", events, NOW);

it("accepts a minute of clock skew ahead and exactly 7 days back, and refuses a millisecond more either way", () => {
  expect(rows([start(at(60_000)), start(at(-7 * 86_400_000))])).toHaveLength(2);
  expect(() => rows([start(at(60_001))])).toThrow("events[0]: occurredAt is in the future");
  expect(() => rows([start(at(-7 * 86_400_000 - 1))])).toThrow("events[0]: occurredAt is more than 7 days old");
});

it("accepts an offset zone and stores the instant, and refuses what is not ISO 8601 with a zone", () => {
  const [row] = rows([start("2026-12-01T21:00:00+09:00")]);
  expect(row.occurredAt.toISOString()).toBe("2026-12-01T12:00:00.000Z");
  for (const bad of ["2026-12-01", "yesterday", "2026-12-01T12:00:00", "2026-13-01T12:00:00Z", "1796300000000"])
    expect(() => rows([start(bad)])).toThrow(/occurredAt must be an ISO 8601 timestamp with a zone/);
});

it("turns each event into a client row of its own type, with a fresh id and only its own field", () => {
  const out = rows([
    { type: ClientEventType.SCREEN_VIEW, occurredAt: at(0), screen: "review" },
    { type: ClientEventType.SESSION_END, occurredAt: at(0), durationSeconds: 0 },
  ]);
  expect(out.map(({ type, source, userId, payload, version }) => ({ type, source, userId, payload, version }))).toEqual([
    { type: "client.screen_view", source: "client", userId: "user_unit", payload: { screen: "review" }, version: 1 },
    { type: "client.session_end", source: "client", userId: "user_unit", payload: { durationSeconds: 0 }, version: 1 },
  ]);
  expect(out[0].eventId).not.toBe(out[1].eventId);
});

it("takes 50 events and refuses 51, naming the limit", () => {
  expect(rows(Array.from({ length: 50 }, () => start(at(0))))).toHaveLength(50);
  expect(() => rows(Array.from({ length: 51 }, () => start(at(0))))).toThrow(
    expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", limit: 50 }) }),
  );
});
