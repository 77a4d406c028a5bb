import { describe, expect, it } from "vitest";
import { goneText, goneTitle, type GoneReason } from "./gone";

describe("room gone notice", () => {
  it("explains each reason differently", () => {
    const reasons: GoneReason[] = ["left", "removed", "disconnected", "room_ended", "replaced"];
    const texts = reasons.map(goneText);
    expect(new Set(texts).size).toBe(reasons.length);
    expect(goneText("removed")).toMatch(/moderator removed you/);
    expect(goneText("replaced")).toMatch(/another tab/);
  });

  it("titles an ended room apart from being out of it", () => {
    expect(goneTitle("room_ended")).toBe("Room ended");
    expect(goneTitle("removed")).toBe("You're out of the room");
  });
});
