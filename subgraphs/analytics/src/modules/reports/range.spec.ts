import { AppError } from "@learnloop/kit";
import { assertReportRange, utcMonday } from "./range";

const refusal = (from: string, to: string) => {
  try {
    assertReportRange({ from: new Date(from), to: new Date(to) });
  } catch (e) {
    return { code: (e as AppError).extensions.code, reason: (e as AppError).extensions.reason, message: (e as Error).message };
  }
  return null;
};

describe("a report's range", () => {
  it("takes to after from, up to 400 days", () => {
    expect(refusal("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.001Z")).toBeNull();
    expect(refusal("2026-01-01T00:00:00Z", "2027-02-05T00:00:00Z")).toBeNull();
  });

  it.each([
    ["an empty range", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", /to must be after from/],
    ["a backwards range", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", /to must be after from/],
    ["401 days", "2026-01-01T00:00:00Z", "2027-02-05T00:00:00.001Z", /at most 400 days/],
  ])("refuses %s with BAD_USER_INPUT, reason INVALID_DATE_RANGE", (_what, from, to, message) => {
    expect(refusal(from, to)).toEqual({ code: "BAD_USER_INPUT", reason: "INVALID_DATE_RANGE", message: expect.stringMatching(message) });
  });

  it("weeks start on Monday, UTC", () => {
    expect(utcMonday(new Date("2026-03-08T23:59:59Z")).toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(utcMonday(new Date("2026-03-09T00:00:00Z")).toISOString()).toBe("2026-03-09T00:00:00.000Z");
  });
});
