import { isQuietTime, localMinutes, minutesOf, quietHoursEnd } from "./quiet-hours";

const night = { start: "22:00", end: "07:00" };
const lunch = { start: "12:00", end: "13:30" };

describe("quiet hours", () => {
  it("parses HH:MM and refuses anything else", () => {
    expect(minutesOf("00:00")).toBe(0);
    expect(minutesOf("07:30")).toBe(450);
    expect(minutesOf("23:59")).toBe(1439);
    for (const bad of ["24:00", "7:00", "07:60", "0700", "07:00:00", " 07:00", ""]) expect(minutesOf(bad)).toBeNull();
  });

  it("a window within one day includes its start and excludes its end", () => {
    expect(isQuietTime(lunch, "UTC", new Date("2026-11-22T11:59:00Z"))).toBe(false);
    expect(isQuietTime(lunch, "UTC", new Date("2026-11-22T12:00:00Z"))).toBe(true);
    expect(isQuietTime(lunch, "UTC", new Date("2026-11-22T13:29:59Z"))).toBe(true);
    expect(isQuietTime(lunch, "UTC", new Date("2026-11-22T13:30:00Z"))).toBe(false);
  });

  it("a window that wraps midnight covers late evening and early morning", () => {
    const at = (hhmm: string) => isQuietTime(night, "UTC", new Date(`2026-11-22T${hhmm}:00Z`));
    expect(at("21:59")).toBe(false);
    expect(at("22:00")).toBe(true);
    expect(at("23:59")).toBe(true);
    expect(at("00:00")).toBe(true);
    expect(at("06:59")).toBe(true);
    expect(at("07:00")).toBe(false);
    expect(at("12:00")).toBe(false);
  });

  it("reads the window on the recipient's clock", () => {
    const instant = new Date("2026-11-22T14:00:00Z"); // 23:00 in Tokyo, 06:00 in Los Angeles, 14:00 in London
    expect(localMinutes(instant, "Asia/Tokyo")).toBe(23 * 60);
    expect(isQuietTime(night, "Asia/Tokyo", instant)).toBe(true);
    expect(isQuietTime(night, "America/Los_Angeles", instant)).toBe(true);
    expect(isQuietTime(night, "Europe/London", instant)).toBe(false);
    // Half-hour offsets: 19:30 in Kolkata.
    expect(isQuietTime({ start: "19:30", end: "20:00" }, "Asia/Kolkata", instant)).toBe(true);
  });

  it("follows daylight saving time", () => {
    // New York is UTC-4 in summer and UTC-5 in winter: 02:30 UTC is 22:30 in July, 21:30 in January.
    expect(isQuietTime(night, "America/New_York", new Date("2026-07-15T02:30:00Z"))).toBe(true);
    expect(isQuietTime(night, "America/New_York", new Date("2026-01-15T02:30:00Z"))).toBe(false);
  });

  it("no window, an empty window or an unknown zone never blocks by surprise", () => {
    const instant = new Date("2026-11-22T23:00:00Z");
    expect(isQuietTime(null, "UTC", instant)).toBe(false);
    expect(isQuietTime({ start: "22:00", end: "22:00" }, "UTC", instant)).toBe(false);
    expect(isQuietTime({ start: "25:00", end: "07:00" }, "UTC", instant)).toBe(false);
    expect(isQuietTime(night, "Mars/Olympus", instant)).toBe(true); // read as UTC
  });

  it("quietHoursEnd gives the next local end of the window an instant is in, and null outside it", () => {
    // 23:10 UTC, in 22:00–07:00: ends at 07:00 the next morning.
    expect(quietHoursEnd(night, "UTC", new Date("2026-11-22T23:10:30Z"))).toEqual(new Date("2026-11-23T07:00:00Z"));
    expect(quietHoursEnd(night, "UTC", new Date("2026-11-23T06:59:00Z"))).toEqual(new Date("2026-11-23T07:00:00Z"));
    // Tokyo (UTC+9): 14:00 UTC is 23:00 there; 07:00 local is 22:00 UTC.
    expect(quietHoursEnd(night, "Asia/Tokyo", new Date("2026-11-22T14:00:00Z"))).toEqual(new Date("2026-11-22T22:00:00Z"));
    expect(quietHoursEnd(night, "UTC", new Date("2026-11-23T07:00:00Z"))).toBeNull();
    expect(quietHoursEnd(null, "UTC", new Date("2026-11-23T03:00:00Z"))).toBeNull();
  });
});
