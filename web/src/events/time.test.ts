import { describe, expect, it } from "vitest";
import { formatEventTime, localToUtc, relativeTime, utcToLocal, zoneLabel, zoneOffset } from "./time";

describe("localToUtc", () => {
  it("converts wall-clock time in a zone to UTC", () => {
    expect(localToUtc("2026-01-15", "18:30", "Europe/Berlin")).toBe("2026-01-15T17:30:00.000Z");
    expect(localToUtc("2026-07-15", "18:30", "Europe/Berlin")).toBe("2026-07-15T16:30:00.000Z");
    expect(localToUtc("2026-07-15", "18:30", "America/New_York")).toBe("2026-07-15T22:30:00.000Z");
    expect(localToUtc("2026-07-15", "18:30", "UTC")).toBe("2026-07-15T18:30:00.000Z");
    expect(localToUtc("2026-07-15", "09:00", "Asia/Kolkata")).toBe("2026-07-15T03:30:00.000Z");
  });

  it("crosses the date line both ways", () => {
    expect(localToUtc("2026-03-01", "00:15", "Europe/Berlin")).toBe("2026-02-28T23:15:00.000Z");
    expect(localToUtc("2026-12-31", "20:00", "America/Los_Angeles")).toBe("2027-01-01T04:00:00.000Z");
  });

  it("handles the DST edges (spring gap moves forward, autumn overlap takes the first)", () => {
    // New York, 2026-03-08: 02:00 → 03:00 (02:30 does not exist).
    expect(localToUtc("2026-03-08", "01:59", "America/New_York")).toBe("2026-03-08T06:59:00.000Z");
    expect(localToUtc("2026-03-08", "02:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    expect(localToUtc("2026-03-08", "03:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    // Berlin, 2026-10-25: 03:00 → 02:00 (02:30 happens twice: first at UTC+2).
    expect(localToUtc("2026-10-25", "02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
    expect(localToUtc("2026-10-25", "03:30", "Europe/Berlin")).toBe("2026-10-25T02:30:00.000Z");
  });

  it("refuses malformed or impossible dates", () => {
    expect(localToUtc("", "10:00", "UTC")).toBeNull();
    expect(localToUtc("2026-02-30", "10:00", "UTC")).toBeNull();
    expect(localToUtc("2026-02-10", "25:00", "UTC")).toBeNull();
    expect(localToUtc("2026-02-10", "", "UTC")).toBeNull();
  });
});

describe("utcToLocal", () => {
  it("round-trips with localToUtc", () => {
    expect(utcToLocal("2026-07-15T16:30:00.000Z", "Europe/Berlin")).toEqual({ date: "2026-07-15", time: "18:30" });
    expect(utcToLocal("2026-01-01T04:00:00Z", "America/Los_Angeles")).toEqual({ date: "2025-12-31", time: "20:00" });
    for (const zone of ["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC"]) {
      const iso = localToUtc("2026-11-01", "01:30", zone) ?? "";
      expect(utcToLocal(iso, zone)).toEqual({ date: "2026-11-01", time: "01:30" });
    }
  });

  it("knows the zone offsets", () => {
    expect(zoneOffset(Date.parse("2026-07-01T00:00:00Z"), "Europe/Berlin")).toBe(2 * 3600_000);
    expect(zoneOffset(Date.parse("2026-01-01T00:00:00Z"), "America/New_York")).toBe(-5 * 3600_000);
  });
});

describe("formatEventTime and relativeTime", () => {
  it("shows the time in the viewer's zone", () => {
    expect(formatEventTime("2026-07-15T16:30:00Z", "Europe/Berlin", "en-US")).toBe("Wed, Jul 15, 6:30 PM");
    expect(formatEventTime("2026-07-15T16:30:00Z", "America/New_York", "en-US")).toBe("Wed, Jul 15, 12:30 PM");
  });

  it("names the zone with its short name when it has one", () => {
    expect(zoneLabel("UTC", "2026-07-15T16:30:00Z", "en-US")).toBe("UTC");
    expect(zoneLabel("America/New_York", "2026-07-15T16:30:00Z", "en-US")).toBe("America/New_York (EDT)");
    expect(zoneLabel("America/New_York", "2026-01-15T16:30:00Z", "en-US")).toBe("America/New_York (EST)");
  });

  it("says how far away it is", () => {
    const now = Date.parse("2026-07-15T12:00:00Z");
    expect(relativeTime("2026-07-15T14:00:00Z", now)).toBe("in 2 hours");
    expect(relativeTime("2026-07-15T13:00:00Z", now)).toBe("in 1 hour");
    expect(relativeTime("2026-07-15T12:05:00Z", now)).toBe("in 5 minutes");
    expect(relativeTime("2026-07-15T12:00:20Z", now)).toBe("now");
    expect(relativeTime("2026-07-15T11:50:00Z", now)).toBe("10 minutes ago");
    expect(relativeTime("2026-07-18T12:00:00Z", now)).toBe("in 3 days");
    expect(relativeTime("nope", now)).toBe("");
  });
});
