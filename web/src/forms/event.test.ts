import { describe, expect, it } from "vitest";
import { checkEvent, cleanCohosts, eventChanges, type EventFields } from "./event";

const now = Date.parse("2026-07-15T12:00:00Z");
const base: EventFields = { title: " Rust hour ", description: "Talk", date: "2026-07-16", time: "18:30", cohosts: [], clubId: null, membersOnly: false };

describe("checkEvent", () => {
  it("builds the request with the time converted to UTC", () => {
    expect(checkEvent(base, now, "Europe/Berlin")).toEqual({
      body: { title: "Rust hour", description: "Talk", starts_at: "2026-07-16T16:30:00.000Z", cohosts: [] },
    });
  });

  it("adds the club and members-only for a club event", () => {
    const r = checkEvent({ ...base, clubId: 3, membersOnly: true, cohosts: ["@bo", "Bo", " cy "] }, now, "UTC");
    expect(r).toMatchObject({ body: { club_id: 3, members_only: true, cohosts: ["bo", "cy"] } });
  });

  it("refuses what the server would refuse", () => {
    const err = (f: Partial<EventFields>) => {
      const r = checkEvent({ ...base, ...f }, now, "UTC");
      return "error" in r ? r.error : null;
    };
    expect(err({ title: "  " })).toBe("Give the room a title.");
    expect(err({ title: "x".repeat(101) })).toBe("The title is at most 100 characters.");
    expect(err({ description: "x".repeat(1001) })).toBe("The description is at most 1000 characters.");
    expect(err({ date: "" })).toBe("Pick a date and a time.");
    expect(err({ date: "2026-02-30" })).toBe("That date or time is not valid.");
    expect(err({ date: "2026-07-15", time: "11:59" })).toBe("Pick a time in the future.");
    expect(err({ date: "2027-08-01" })).toBe("Events can be scheduled at most a year ahead.");
    expect(err({ cohosts: ["a", "b", "c", "d", "e", "f"] })).toBe("At most 5 co-hosts.");
    expect(err({})).toBeNull();
  });
});

describe("cleanCohosts and eventChanges", () => {
  it("drops blanks, @ and duplicates", () => {
    expect(cleanCohosts(["", "@Ada", "ada", " bo "])).toEqual(["Ada", "bo"]);
  });

  it("sends only what changed", () => {
    const before = { title: "A", description: "d", starts_at: "2026-07-16T16:30:00Z", cohosts: ["bo"] };
    expect(eventChanges(before, { title: "A", description: "d", starts_at: "2026-07-16T16:30:00.000Z", cohosts: ["Bo"] })).toEqual({});
    expect(eventChanges(before, { title: "B", description: "e", starts_at: "2026-07-16T17:00:00.000Z", cohosts: [] })).toEqual({
      title: "B",
      description: "e",
      starts_at: "2026-07-16T17:00:00.000Z",
      cohosts: [],
    });
  });
});
