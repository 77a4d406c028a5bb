import { describe, expect, it } from "vitest";
import { goneText, goneTitle, goneWays, isRefusal, type GoneReason } from "./gone";

describe("room gone notice", () => {
  it("explains each reason differently", () => {
    const reasons: GoneReason[] = [
      "left",
      "removed",
      "disconnected",
      "room_ended",
      "room_not_found",
      "replaced",
      "room_followers_only",
      "room_closed",
      "blocked",
      "suspended",
      "club_members_only",
    ];
    const texts = reasons.map(goneText);
    expect(new Set(texts).size).toBe(reasons.length);
    expect(goneText("removed")).toMatch(/moderator removed you/);
    expect(goneText("replaced")).toMatch(/another tab/);
  });

  it("titles an ended room apart from being out of it, and from no room at all", () => {
    expect(goneTitle("room_ended")).toBe("Room ended");
    expect(goneTitle("room_not_found")).toBe("No such room");
    expect(goneText("room_not_found")).toMatch(/no room at this address/);
    expect(goneTitle("removed")).toBe("You're out of the room");
  });

  it("explains refused joins by room kind", () => {
    expect(isRefusal("room_closed")).toBe(true);
    expect(isRefusal("removed")).toBe(false);
    expect(goneTitle("room_closed")).toBe("This room is private");
    expect(goneTitle("room_followers_only")).toBe("You can't join this room");
    expect(goneText("room_followers_only")).toMatch(/only people the moderators follow/);
    expect(goneText("room_closed")).toMatch(/named or pinged/);
  });

  it("explains a club members-only refusal and a suspension", () => {
    expect(isRefusal("club_members_only")).toBe(true);
    expect(goneTitle("club_members_only")).toBe("This room is for club members");
    expect(goneText("club_members_only")).toMatch(/club/);
    expect(isRefusal("suspended")).toBe(false);
    expect(goneTitle("suspended")).toBe("Your account is suspended");
  });

  it("always leads back to the hallway, and to the clubs from a club's room", () => {
    for (const r of ["room_ended", "room_not_found", "removed", "room_closed", "blocked"] as const) expect(goneWays(r)).toEqual(["hallway"]);
    expect(goneWays("club_members_only")).toEqual(["clubs", "hallway"]);
  });
});
