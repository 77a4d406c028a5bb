import { describe, expect, it } from "vitest";
import { canOpenUp, canPing, kindBadge, kindHelp, kindInRoom, parseNames, roomShareUrl } from "./kind";

describe("room kinds", () => {
  it("badges only rooms that are not open", () => {
    expect(kindBadge("open")).toBeNull();
    expect(kindBadge("social")).toBe("Social");
    expect(kindBadge("closed")).toBe("Closed");
    expect(kindHelp("closed")).toMatch(/name or ping/);
    expect(kindInRoom("social")).toMatch(/moderators follow/);
  });

  it("lets anyone in an open room ping, and only the stage elsewhere", () => {
    expect(canPing("open", "audience")).toBe(true);
    expect(canPing("closed", "audience")).toBe(false);
    expect(canPing("social", "speaker")).toBe(true);
    expect(canPing("closed", "moderator")).toBe(true);
    expect(canPing("open", undefined)).toBe(false);
  });

  it("offers opening up to moderators of social and closed rooms", () => {
    expect(canOpenUp("closed", true)).toBe(true);
    expect(canOpenUp("social", true)).toBe(true);
    expect(canOpenUp("open", true)).toBe(false);
    expect(canOpenUp("closed", false)).toBe(false);
  });
});

describe("parseNames", () => {
  it("splits, strips @, lower-cases and de-duplicates", () => {
    expect(parseNames(" @Bob, carol\nBOB  dave;;")).toEqual(["bob", "carol", "dave"]);
    expect(parseNames("  ,  ")).toEqual([]);
  });
});

describe("roomShareUrl", () => {
  it("builds <origin>/r/<id>", () => {
    expect(roomShareUrl("http://127.0.0.1:8080", "abc")).toBe("http://127.0.0.1:8080/r/abc");
    expect(roomShareUrl("https://stoa.example/", "a b")).toBe("https://stoa.example/r/a%20b");
  });
});
